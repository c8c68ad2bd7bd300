using LingerNet.Numerics;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// What <see cref="Softmax"/> and <see cref="LogSoftmax"/> share: float until Init, then the int8 input
/// (own <c>running_x</c> when the input is a plain float tensor) goes through the Numerics kernel on the
/// integers along <see cref="Dim"/> (a host loop, the same code the runtime runs), giving an int8 output at
/// a scale chosen from max|y| (train: the batch, never saturating; eval: <c>running_o</c>). In training the
/// forward value is that integer result and the gradient is the float function's (straight-through).
/// </summary>
public abstract class RowSoftmaxOp : nn.Module<Tensor, Tensor>, ILingerOp, IQuantizedOp
{
    private const int Bits = 8;
    private readonly Tensor _runningX = RunningStatistic.NewBuffer();
    private readonly Tensor _runningO = RunningStatistic.NewBuffer();
    private ModuleQuantConfig? _config;

    private protected RowSoftmaxOp(long dim, string name) : base(name)
    {
        Dim = dim;
        register_buffer("running_x", _runningX);
        register_buffer("running_o", _runningO);
    }

    /// <summary>The axis the rows run along.</summary>
    public long Dim { get; }

    /// <inheritdoc />
    public bool IsQuantized => _config is not null;

    /// <summary>Running maximum of the input (buffer <c>running_x</c>).</summary>
    public Tensor RunningX => _runningX;

    /// <summary>Running maximum of |y| (buffer <c>running_o</c>).</summary>
    public Tensor RunningO => _runningO;

    /// <inheritdoc />
    public void EnableQuant(ModuleQuantConfig config) => _config = config;

    /// <summary>The op's name in messages (<c>Linger.Nn.Softmax</c>).</summary>
    private protected abstract string Kind { get; }

    /// <summary>The finest output exponent the integer core supports (15 for softmax, 25 for log-softmax).</summary>
    private protected abstract int MaxOutputExponent { get; }

    /// <summary>The float function (the gradient in training, the op before Init).</summary>
    private protected abstract Tensor FloatOp(Tensor x, long dim);

    /// <summary>The Numerics kernel on int8 rows of <paramref name="rowLength"/> elements.</summary>
    private protected abstract void Kernel(ReadOnlySpan<sbyte> x, int qX, Span<sbyte> y, int qO, int rowLength);

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (_config is null) return FloatOp(x, Dim);
        if (x.dim() == 0) throw new LingerException($"{Kind} '{GetName()}': the input is a scalar; it needs an axis {Dim}.");
        var (fx, sx) = ActivationQuantizer.QuantizeInput(x, _runningX, Bits, training, GetName());
        VenusSoftmax.CheckInputExponent(sx.Exponent, $"{Kind} '{GetName()}'");
        var floatPath = FloatOp(fx, Dim);
        var so = OutputScale(floatPath);
        Tensor z;
        using (no_grad())
        {
            var rows = fx.detach().movedim(new[] { Dim }, new[] { -1L }).contiguous();
            int rowLength = (int)rows.shape[^1];
            sbyte[] xi = Platform.HostArrays.As<sbyte>(ActivationQuantizer.Integers(rows, sx), ScalarType.Int8);
            var yi = new sbyte[xi.Length];
            if (xi.Length > 0) Kernel(xi, sx.Exponent, yi, so.Exponent, rowLength);
            z = torch.tensor(yi).reshape(rows.shape).to_type(x.dtype).div_(so.Value).movedim(new[] { -1L }, new[] { Dim }).contiguous();
        }
        var output = QuantTags.Tag(training ? Add.StraightThrough(floatPath, z) : z, new QuantInfo(so, Bits));
        Export.ExportCapture.Current?.Record(this, new Export.Handlers.SoftmaxCall(x, sx, Dim, so, output));
        return output;
    }

    /// <summary>
    /// The layer rule (linger-spec §1.6): train: the largest 2^n that does not saturate the batch's max|y|
    /// (a saturated top probability would be the worst error), observed as its representable max; eval:
    /// the exponent from <c>running_o</c>. Never finer than the core's output exponent.
    /// </summary>
    private Pow2Scale OutputScale(Tensor floatPath)
    {
        if (!training) return ActivationQuantizer.OutputScaleEval(_runningO, Bits, MaxOutputExponent, GetName());
        var s = Pow2Scale.FromMaxAbs(ActivationQuantizer.MaxAbs(floatPath), Bits);
        if (s.Exponent > MaxOutputExponent) s = new Pow2Scale(MaxOutputExponent);
        RunningStatistic.Observe(_runningO, s.MaxRepresentable(Bits));
        return s;
    }
}
