using LingerNet.Numerics;
using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// The integer pipeline of linger-spec §1.6 shared by layers with a weight and an int32 bias
/// (Conv2dInt, LinearInt, BatchNorm2dInt): x_q at s_x, w_q at s_w (per forward, from max|w|),
/// b_q = floor(b·s_x·s_w + 0.5) in int32, acc = op(x_q, w_q) + b_q, y_q = SAT(RSH(acc, n_x + n_w − n_o)).
/// Training runs the float op on fake-quantized tensors (straight-through gradients); eval runs the
/// same op in float64 on the integers, which is exact, so eval outputs are the chip's integers / 2^n_o.
/// The output scale is never finer than the accumulator's (n_o ≤ n_x + n_w): a finer one would need
/// a left shift, which venus conv/BN silently get wrong (chip-facts.md).
/// </summary>
public abstract class QuantizedLayer : torch.nn.Module<Tensor, Tensor>, IQuantizedModule
{
    private readonly Tensor _runningX;
    private readonly Tensor _runningO;

    /// <summary>Creates the layer and its statistics buffers <c>running_x</c> and <c>running_o</c>.</summary>
    protected QuantizedLayer(string name, ModuleQuantConfig config) : base(name)
    {
        QuantRange.CheckBits(config.DataBits, name);
        QuantRange.CheckBits(config.ParameterBits, name);
        if (config.OutBits is int ob) QuantRange.CheckBits(ob, name);
        Config = config;
        _runningX = RunningStatistic.NewBuffer();
        _runningO = RunningStatistic.NewBuffer();
        register_buffer("running_x", _runningX);
        register_buffer("running_o", _runningO);
    }

    /// <summary>Bit widths of this layer.</summary>
    public ModuleQuantConfig Config { get; }

    /// <summary>Choose the output scale on max(y, 0): the layer's output feeds only a ReLU (linger's ahead_relu).</summary>
    public bool AheadRelu { get; set; }

    /// <summary>Clamp the float weight to ±bound before quantization (from Linger.Constrain); null: no clamp.</summary>
    public double? ClampWeight { get; set; }

    /// <summary>Clamp the float bias to ±bound before quantization; null: no clamp.</summary>
    public double? ClampBias { get; set; }

    /// <summary>Clamp the output to ±bound (training: before quantization; eval: to the bound rounded down to the output grid); null: no clamp.</summary>
    public double? ClampOutput { get; set; }

    /// <summary>Running maximum of the input (1-element buffer <c>running_x</c>).</summary>
    public Tensor RunningX => _runningX;

    /// <summary>Running maximum of the output (1-element buffer <c>running_o</c>).</summary>
    public Tensor RunningO => _runningO;

    /// <summary>The float weight and bias the integer op uses (BatchNorm folds its statistics here).</summary>
    protected abstract (Tensor Weight, Tensor? Bias) EffectiveParameters(Tensor input);

    /// <summary>
    /// Whether the chip saturates acc + bias to int32 before the shift: the CNN engine (convolution)
    /// does; LinearInt and BatchNorm2dInt add the bias in 64 bits (chip-facts.md).
    /// </summary>
    protected virtual bool SaturatesAccumulator => false;

    /// <summary>The float op: convolution, matrix product or per-channel affine.</summary>
    protected abstract Tensor Op(Tensor x, Tensor weight, Tensor? bias);

    /// <summary>The weight scale: the largest 2^n that does not saturate max|w| (linger-spec §1.4).</summary>
    public Pow2Scale WeightScale(Tensor weight) => Pow2Scale.FromMaxAbs(ActivationQuantizer.MaxAbs(weight), Config.ParameterBits);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var (fx, sx) = ActivationQuantizer.QuantizeInput(input, _runningX, Config.DataBits, training, GetName());
        var (w, b) = EvalParameters(fx);
        var sw = WeightScale(w);
        int accExponent = sx.Exponent + sw.Exponent;
        if (training)
        {
            var fw = FakeQuantize.Apply(w, sw.Value, QuantRange.Min(Config.ParameterBits), QuantRange.Max(Config.ParameterBits));
            var fb = b is null ? null : FakeQuantize.Apply(b, Math.ScaleB(1.0, accExponent), int.MinValue, int.MaxValue);
            var y = Op(fx, fw, fb);
            return Config.OutBits is int ob
                ? ActivationQuantizer.QuantizeOutputTrain(y, _runningO, ob, AheadRelu, accExponent, ClampOutput)
                : ClampOutput is double co ? y.clamp(-co, co) : y;
        }
        using (no_grad())
        {
            var acc = IntegerAccumulator(fx, sx, w, b, sw);
            Pow2Scale? so = Config.OutBits is int ob ? ActivationQuantizer.OutputScaleEval(_runningO, ob, accExponent, GetName()) : null;
            // No output clamp here: the chip has none. A constrained layer's bound acts in training only;
            // in eval the int8 saturation is the only limit, exactly as on the chip.
            var output = so is Pow2Scale o
                ? ActivationQuantizer.RequantizeEval(acc, accExponent, o, Config.OutBits!.Value)
                : acc.mul_(Math.ScaleB(1.0, -accExponent)).to_type(ScalarType.Float32);
            Export.ExportCapture.Current?.Record(this, new Export.Handlers.LayerCall(input, sx, w, b, sw, so, output));
            return output;
        }
    }

    /// <summary>
    /// The float weight and bias the layer quantizes (BatchNorm folded with its statistics, the constraint
    /// clamps applied): used by the forward and by the analysis tools.
    /// </summary>
    internal (Tensor Weight, Tensor? Bias) EvalParameters(Tensor input)
    {
        var (w, b) = EffectiveParameters(input);
        if (ClampWeight is double cw) w = w.clamp(-cw, cw);
        if (ClampBias is double cb && b is not null) b = b.clamp(-cb, cb);
        return (w, b);
    }

    /// <summary>The layer's float function on a float input with the float weights (no quantization anywhere), for analysis tools.</summary>
    internal Tensor FloatForward(Tensor input)
    {
        var (w, b) = EvalParameters(input);
        return Op(input, w, b);
    }

    /// <summary>w_q = clamp(floor(w·2^n_w + 0.5)) as exact float64 integers.</summary>
    public Tensor QuantizeWeight(Tensor weight, Pow2Scale sw) => ActivationQuantizer.QuantizeToIntegers(weight, sw, Config.ParameterBits);

    /// <summary>b_q = floor(b·2^(n_x+n_w) + 0.5), saturated to int32, as exact float64 integers.</summary>
    public static Tensor QuantizeBias(Tensor bias, int accExponent) => ActivationQuantizer.QuantizeToIntegers(bias, new Pow2Scale(accExponent), 32);

    private Tensor IntegerAccumulator(Tensor fx, Pow2Scale sx, Tensor w, Tensor? b, Pow2Scale sw)
    {
        var wi = QuantizeWeight(w, sw);
        var bi = b is null ? null : QuantizeBias(b, sx.Exponent + sw.Exponent);
        Tensor acc;
        if (Float32IsExact(wi, bi))
        {
            // x·2^n_x is an exact float32 integer (fx lies on the grid); see Float32IsExact for the sums.
            var xi = fx.to_type(ScalarType.Float32).mul(sx.Value);
            acc = Op(xi, wi.to_type(ScalarType.Float32), bi?.to_type(ScalarType.Float32)).to_type(ScalarType.Float64);
        }
        else
        {
            acc = Op(ActivationQuantizer.Integers(fx, sx), wi, bi);
        }
        return SaturatesAccumulator ? acc.clamp_(int.MinValue, int.MaxValue) : acc;
    }

    /// <summary>
    /// Whether the integer op is exact in float32: each output sums K = weight elements per output channel
    /// products of at most 2^(data bits − 1)·2^(parameter bits − 1) plus the bias, so every partial sum,
    /// in any order, is an integer of magnitude at most K·2^(bx+bw−2) + max|b|; below 2^24 float32 holds
    /// them all exactly (float64 otherwise, exact below 2^53).
    /// </summary>
    private bool Float32IsExact(Tensor wi, Tensor? bi)
    {
        long k = wi.shape.Length == 0 || wi.shape[0] == 0 ? 1 : wi.numel() / wi.shape[0];
        double bound = k * Math.ScaleB(1.0, Config.DataBits + Config.ParameterBits - 2);
        if (bi is not null) bound += ActivationQuantizer.MaxAbs(bi);
        return bound < 1 << 24;
    }
}
