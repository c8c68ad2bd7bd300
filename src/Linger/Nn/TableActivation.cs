using LingerNet.Numerics;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// iqSigmoid / iqTanh (linger-spec §3.17): the int8 input at Q(q_x) is widened to int16 at Q(q_x + 8) by a
/// <c>Requant</c> (linger's ×256), brought to Q11 and looked up in the chip's Q11 → Q7 table; the output is
/// int8 at scale 128 in train and eval alike (no output statistics). The backward is the float derivative
/// (straight-through). A float input is quantized with the op's own <c>running_x</c>. The chip does not shift a
/// finer-than-Q11 int16 left, so an input coarser than Q3 (|x| beyond 16) is exported with int8 up-scaling
/// Requants in front (<see cref="IqSigmoidTanh.Int8UpScaleSteps"/>), which give linger's values exactly.
/// </summary>
public abstract class TableActivation : nn.Module<Tensor, Tensor>, ILingerOp, IQuantizedOp
{
    private readonly Tensor _runningX = RunningStatistic.NewBuffer();
    private readonly bool _sigmoid;
    private readonly Dictionary<int, Tensor> _tables = new();
    private ModuleQuantConfig? _config;

    private protected TableActivation(string name, bool sigmoid) : base(name)
    {
        _sigmoid = sigmoid;
        register_buffer("running_x", _runningX);
    }

    /// <summary>The output scale 2^7 (Q7).</summary>
    public static Pow2Scale OutputScale { get; } = new(VenusSigmoidTanh.OutputExponent);

    /// <inheritdoc />
    public bool IsQuantized => _config is not null;

    /// <inheritdoc />
    public void EnableQuant(ModuleQuantConfig config) => _config = config;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        var floatPath = _sigmoid ? x.sigmoid() : x.tanh();
        if (_config is null) return floatPath;
        const int bits = 8;
        var (fx, sx) = ActivationQuantizer.QuantizeInput(x, _runningX, bits, training, GetName());
        if (!ReferenceEquals(fx, x)) floatPath = _sigmoid ? fx.sigmoid() : fx.tanh();
        Tensor z;
        using (no_grad())
        {
            var table = Table(sx.Exponent, x.device);
            var index = ActivationQuantizer.Integers(fx, sx).add_(128).to_type(ScalarType.Int64);
            z = table.take(index).to_type(x.dtype);
        }
        var output = QuantTags.Tag(training ? Add.StraightThrough(floatPath, z) : z, new QuantInfo(OutputScale, bits));
        if (Export.ExportCapture.Current is { } capture)
        {
            // Inputs coarser than Q3 are first up-scaled in int8 (≤ 6 bits per Requant, saturating at ±16):
            // the ×256 Requant then lands at Q11 or finer, which the chip handles, with linger's values.
            var (current, s) = (x, sx);
            foreach (int q in IqSigmoidTanh.Int8UpScaleSteps(sx.Exponent))
            {
                var next = fx.detach().clone();
                capture.Record(this, new Export.Handlers.RequantCall(current, s, bits, new Pow2Scale(q), bits, next));
                (current, s) = (next, new Pow2Scale(q));
            }
            var wideScale = new Pow2Scale(s.Exponent + VenusSigmoidTanh.Int8ToInt16Shift);
            var wide = fx.detach().clone();
            capture.Record(this, new Export.Handlers.RequantCall(current, s, bits, wideScale, 16, wide));
            capture.Record(this, new Export.Handlers.TableActivationCall(wide, wideScale, output));
        }
        return output;
    }

    /// <summary>The 256 outputs (as float values y/128) for the int8 inputs −128..127 at exponent <paramref name="qx"/>.</summary>
    private Tensor Table(int qx, Device device)
    {
        if (!_tables.TryGetValue(qx, out var t))
        {
            var values = IqSigmoidTanh.Int8Table(qx, _sigmoid).Select(v => v / 128f).ToArray();
            t = tensor(values).DetachFromDisposeScope();
            _tables[qx] = t;
        }
        return t.to(device);
    }
}
