using LingerNet.Numerics;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Elementwise addition of two tensors: float until Init, then linger's iqAdd (exported as
/// <c>thinker::iqAdd</c>): each operand is rescaled to the output exponent with a rounding shift,
/// then z = SAT8(a + b). The output scale comes from max(|x|, |y|, |x + y|) (train: per batch,
/// rounded exponent; eval: running statistic) and is never finer than either input's — the chip
/// refuses a left shift here. Unlike linger 1.x, that clamp applies in training too (linger 3's fix),
/// so train and eval pick scales the same way. Venus needs identical shapes (no broadcasting).
/// </summary>
public sealed class Add : TwoOperandOp
{
    /// <summary>Creates the op.</summary>
    public Add(string name = "add") : base(name) { }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor y)
    {
        if (Config is null) return x + y;
        const int bits = 8;
        if (!x.shape.SequenceEqual(y.shape))
            throw new LingerException($"Linger.Nn.Add '{GetName()}': venus iqAdd needs operands of identical shape, got [{string.Join(",", x.shape)}] and [{string.Join(",", y.shape)}].");
        var (fx, sx) = ActivationQuantizer.QuantizeInput(x, RunningX, bits, training, GetName());
        var (fy, sy) = ActivationQuantizer.QuantizeInput(y, RunningY, bits, training, GetName());
        int maxExponent = Math.Min(sx.Exponent, sy.Exponent);
        // The float sum once: the training statistic and the straight-through path both use it.
        var floatSum = training ? fx + fy : null;
        var so = ActivationQuantizer.RescalingOutputScale(
            () => Math.Max(Math.Max(ActivationQuantizer.MaxAbs(fx), ActivationQuantizer.MaxAbs(fy)), ActivationQuantizer.MaxAbs(floatSum!)),
            RunningO, bits, training, maxExponent, GetName());

        Tensor z;
        using (no_grad())
        {
            var a = ShiftedOperand(fx, sx, so);
            var b = ShiftedOperand(fy, sy, so);
            z = a.add_(b).clamp_(QuantRange.Min(bits), QuantRange.Max(bits)).div_(so.Value).to_type(x.dtype);
        }
        var output = QuantTags.Tag(floatSum is not null ? StraightThrough(floatSum, z) : z, new QuantInfo(so, bits));
        Export.ExportCapture.Current?.Record(this, new Export.Handlers.AddCall(x, sx, y, sy, so, output));
        return output;
    }

    /// <summary>RSH(x_q, n_x − n_o) in float64 (exact): the operand at the output exponent.</summary>
    private static Tensor ShiftedOperand(Tensor onGrid, Pow2Scale s, Pow2Scale so)
        => ActivationQuantizer.Integers(onGrid, s).mul_(Math.ScaleB(1.0, so.Exponent - s.Exponent)).add_(0.5).floor_();

    /// <summary>value of <paramref name="exact"/>, gradient of <paramref name="floatPath"/>.</summary>
    internal static Tensor StraightThrough(Tensor floatPath, Tensor exact) => floatPath + (exact - floatPath).detach();
}
