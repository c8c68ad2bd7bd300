using LingerNet.Numerics;
using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// A one-input iq op with its own output scale (MulScalar, AddScalar, Clamp, Sum, Var): float until Init, then
/// the input is int8 (a float input is quantized with <c>running_x</c>), the output scale comes from the running
/// maximum of the result (<c>running_o</c>, same rule in train and eval) unless the op fixes it, and the output
/// is the exact integer formula with the float operation's gradient in training.
/// </summary>
public abstract class IqUnaryOp : nn.Module<Tensor, Tensor>, ILingerOp, IQuantizedOp
{
    private readonly Tensor _runningX = RunningStatistic.NewBuffer();
    private readonly Tensor _runningO = RunningStatistic.NewBuffer();
    private ModuleQuantConfig? _config;

    private protected IqUnaryOp(string name) : base(name)
    {
        register_buffer("running_x", _runningX);
        register_buffer("running_o", _runningO);
    }

    /// <inheritdoc />
    public bool IsQuantized => _config is not null;

    /// <summary>Running maximum of |result| (buffer <c>running_o</c>).</summary>
    public Tensor RunningO => _runningO;

    /// <inheritdoc />
    public void EnableQuant(ModuleQuantConfig config) => _config = config;

    private protected abstract Tensor Float(Tensor x);

    /// <summary>The finest output exponent the op allows (null: none).</summary>
    private protected virtual int? MaxOutputExponent(Pow2Scale sx) => null;

    /// <summary>The batch maximum the output statistic observes.</summary>
    private protected virtual double BatchMax(Tensor fx) => ActivationQuantizer.MaxAbs(Float(fx));

    /// <summary>The output scale; by default from <c>running_o</c>.</summary>
    private protected virtual Pow2Scale OutputScale(Tensor fx, Pow2Scale sx)
        => ActivationQuantizer.RescalingOutputScale(() => BatchMax(fx), _runningO, IqOpMath.Bits, training, MaxOutputExponent(sx) ?? int.MaxValue, GetName());

    /// <summary>The exact output integers (float64) from the input's integers.</summary>
    private protected abstract Tensor Exact(Tensor xi, Pow2Scale sx, Pow2Scale so);

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (_config is null) return Float(x);
        var (fx, sx) = ActivationQuantizer.QuantizeInput(x, _runningX, IqOpMath.Bits, training, GetName());
        var so = OutputScale(fx, sx);
        Tensor z;
        using (no_grad()) z = IqOpMath.OnGrid(Exact(ActivationQuantizer.Integers(fx, sx), sx, so), so, x.dtype);
        var output = IqOpMath.Output(training, Float(fx), z, so);
        Export.ExportCapture.Current?.Record(this, new Export.Handlers.UnaryCall(x, sx, so, output));
        return output;
    }
}
