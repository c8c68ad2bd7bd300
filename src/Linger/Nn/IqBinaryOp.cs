using LingerNet.Numerics;
using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// A two-operand iq op (Mul, Sub, Div, Max): float until Init, then both operands are int8 (a float operand
/// is quantized with the op's <c>running_x</c>/<c>running_y</c>), the output scale comes from the running
/// maximum of the result (<c>running_o</c>; train: the batch's, rounded exponent, as iqAdd) under the op's
/// own ceiling, and the output is the exact integer formula, with the float operation's gradient in training.
/// The same scale rule applies in train and eval (linger 3's fix for iqAdd).
/// </summary>
public abstract class IqBinaryOp : TwoOperandOp
{
    private protected IqBinaryOp(string name) : base(name) { }

    private protected abstract string OpName { get; }

    private protected abstract Tensor Float(Tensor x, Tensor y);

    /// <summary>The finest output exponent the op allows (null: none).</summary>
    private protected abstract int? MaxOutputExponent(Pow2Scale sx, Pow2Scale sy);

    /// <summary>The exact output integers (float64) from the operands' integers.</summary>
    private protected abstract Tensor Exact(Tensor xi, Pow2Scale sx, Tensor yi, Pow2Scale sy, Pow2Scale so);

    /// <summary>The batch maximum the output statistic observes.</summary>
    private protected virtual double BatchMax(Tensor fx, Tensor fy) => ActivationQuantizer.MaxAbs(Float(fx, fy));

    /// <summary>Throws when the shapes are not ones the op takes.</summary>
    private protected virtual void CheckShapes(Tensor x, Tensor y)
    {
        if (!x.shape.SequenceEqual(y.shape))
            throw new LingerException($"Linger.Nn.{OpName} '{GetName()}': operands of identical shape needed, got {IqOpMath.Shape(x)} and {IqOpMath.Shape(y)}.");
    }

    /// <summary>The output scale; by default from <c>running_o</c> under <see cref="MaxOutputExponent"/>.</summary>
    private protected virtual Pow2Scale OutputScale(Tensor fx, Pow2Scale sx, Tensor fy, Pow2Scale sy)
        => ActivationQuantizer.RescalingOutputScale(() => BatchMax(fx, fy), RunningO, IqOpMath.Bits, training,
            MaxOutputExponent(sx, sy) ?? int.MaxValue, GetName());

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor y)
    {
        if (Config is null) return Float(x, y);
        CheckShapes(x, y);
        var (fx, sx) = ActivationQuantizer.QuantizeInput(x, RunningX, IqOpMath.Bits, training, GetName());
        var (fy, sy) = ActivationQuantizer.QuantizeInput(y, RunningY, IqOpMath.Bits, training, GetName());
        var so = OutputScale(fx, sx, fy, sy);
        Tensor z;
        using (no_grad())
            z = IqOpMath.OnGrid(Exact(ActivationQuantizer.Integers(fx, sx), sx, ActivationQuantizer.Integers(fy, sy), sy, so), so, x.dtype);
        var output = IqOpMath.Output(training, Float(fx, fy), z, so);
        Export.ExportCapture.Current?.Record(this, new Export.Handlers.BinaryCall(x, sx, y, sy, so, output));
        return output;
    }
}
