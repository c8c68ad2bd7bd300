using LingerNet.Numerics;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized layer normalisation (linger's LayerNormInt, exported as <c>thinker::LayerNormInt</c>) on the venus
/// Q10 path: int8 input, γ as int16 at a per-forward scale (linger forces 16-bit weights here), β as int32 at
/// 2^(10 + q_γ), and the chip's integer normalisation with the 768-entry rsqrt table
/// (<see cref="VenusLayerNorm"/>, the kernel the runtime runs) over the last one or two dims.
/// Training runs the float layer norm on fake-quantized x, γ, β (straight-through gradients) with the chip's
/// fixed ε = 1e-5; eval and export call the chip kernel, so eval equals the runtime bit for bit.
/// Without an elementwise affine the module normalises with a unit γ and a zero β (the chip needs both),
/// and a missing bias is a zero β.
/// </summary>
public sealed class LayerNormInt : nn.Module<Tensor, Tensor>, IQuantizedModule
{
    /// <summary>Bits of the exported weight γ (linger forces 16 for LayerNorm).</summary>
    public const int WeightBits = 16;

    private readonly Tensor _runningX = RunningStatistic.NewBuffer();
    private readonly Tensor _runningO = RunningStatistic.NewBuffer();
    private readonly Tensor _weight;
    private readonly Tensor _bias;

    /// <summary>
    /// The float LayerNorm whose weight and bias this module shares, or null. TorchSharp disposes them when that
    /// module is finalized, so it is held for as long as this one lives (not registered: it is no submodule).
    /// </summary>
    internal LayerNorm? FloatModule { get; }

    /// <summary>Creates the module over <paramref name="normalizedShape"/> (one or two dims); a null weight is a unit γ, a null bias a zero β.</summary>
    public LayerNormInt(string name, long[] normalizedShape, Parameter? weight, Parameter? bias, ModuleQuantConfig config) : base(name)
    {
        if (normalizedShape.Length is < 1 or > 2)
            throw new LingerException($"LayerNormInt '{name}': normalised shape [{string.Join(", ", normalizedShape)}] has {normalizedShape.Length} dims; the chip normalises over the last one or two.");
        NormalizedShape = normalizedShape;
        Config = config;
        HasAffineWeight = weight is not null;
        HasBias = bias is not null;
        _weight = weight ?? ones(normalizedShape);
        _bias = bias ?? zeros(normalizedShape);
        if (weight is not null) register_parameter("weight", weight);
        if (bias is not null) register_parameter("bias", bias);
        register_buffer("running_x", _runningX);
        register_buffer("running_o", _runningO);
    }

    /// <summary>Creates the quantized counterpart of a float LayerNorm, sharing its parameters.</summary>
    public static LayerNormInt FromFloat(LayerNorm ln, ModuleQuantConfig config)
        => new(ln, config);

    private LayerNormInt(LayerNorm ln, ModuleQuantConfig config) : this(ln.GetName(), ln.normalized_shape, ln.weight, ln.bias, config)
        => FloatModule = ln;

    /// <summary>The normalised shape (the last one or two dims of the input).</summary>
    public long[] NormalizedShape { get; }

    /// <summary>Bit widths (data and output bits 8; the weight is always <see cref="WeightBits"/>).</summary>
    public ModuleQuantConfig Config { get; }

    /// <summary>False when the float module had no elementwise affine: γ is exported as 1.</summary>
    public bool HasAffineWeight { get; }

    /// <summary>False when the float module had no bias: β is exported as 0.</summary>
    public bool HasBias { get; }

    /// <summary>Choose the output scale on max(y, 0): the output feeds only a ReLU (linger's ahead_relu).</summary>
    public bool AheadRelu { get; set; }

    /// <summary>Clamp γ to ±bound before quantization (from Linger.Constrain); null: no clamp.</summary>
    public double? ClampWeight { get; set; }

    /// <summary>Clamp β to ±bound before quantization; null: no clamp.</summary>
    public double? ClampBias { get; set; }

    /// <summary>Clamp the output to ±bound in training (eval has only the int8 saturation, as the chip); null: no clamp.</summary>
    public double? ClampOutput { get; set; }

    /// <summary>Running maximum of the input (buffer <c>running_x</c>).</summary>
    public Tensor RunningX => _runningX;

    /// <summary>Running maximum of the output (buffer <c>running_o</c>).</summary>
    public Tensor RunningO => _runningO;

    /// <summary>The number of elements normalised together (T).</summary>
    public int NormalizedSize => checked((int)NormalizedShape.Aggregate(1L, (p, d) => p * d));

    /// <summary>γ's scale: the largest 2^n that keeps max|γ| (after <see cref="ClampWeight"/>) within int16 (linger-spec §1.4).</summary>
    public Pow2Scale WeightScale()
        => Pow2Scale.FromMaxAbs(ActivationQuantizer.MaxAbs(ClampWeight is double cw ? _weight.clamp(-cw, cw) : _weight), WeightBits);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var (fx, sx) = ActivationQuantizer.QuantizeInput(input, _runningX, Config.DataBits, training, GetName());
        var weight = ClampWeight is double cw ? _weight.clamp(-cw, cw) : _weight;
        var bias = ClampBias is double cb ? _bias.clamp(-cb, cb) : _bias;
        var sw = Pow2Scale.FromMaxAbs(ActivationQuantizer.MaxAbs(weight), WeightBits);
        int biasExponent = VenusLayerNorm.NormalizedExponent + sw.Exponent;
        if (training)
        {
            var fw = FakeQuantize.Apply(weight, sw.Value, QuantRange.Min(WeightBits), QuantRange.Max(WeightBits));
            var fb = FakeQuantize.Apply(bias, Math.ScaleB(1.0, biasExponent), int.MinValue, int.MaxValue);
            var y = nn.functional.layer_norm(fx, NormalizedShape, fw, fb, VenusLayerNorm.Epsilon);
            if (ClampOutput is double co) y = y.clamp(-co, co);
            return ActivationQuantizer.QuantizeOutputTrain(y, _runningO, 8, AheadRelu, biasExponent);
        }
        using (no_grad())
        {
            var so = ActivationQuantizer.OutputScaleEval(_runningO, 8, biasExponent, GetName());
            var wq = ActivationQuantizer.QuantizeToIntegers(weight, sw, WeightBits);
            var bq = ActivationQuantizer.QuantizeToIntegers(bias, new Pow2Scale(biasExponent), 32);
            var x = IntegerTensors.Int8(fx, sx);
            var y = new sbyte[x.Length];
            var shape = fx.shape;
            try
            {
                var (_, t) = VenusLayerNorm.RowLayout(shape.Select(d => checked((int)d)).ToArray(), NormalizedSize);
                VenusLayerNorm.Normalize(x, sx.Exponent, IntegerTensors.Int16(wq), sw.Exponent, IntegerTensors.Int32(bq), y, so.Exponent, t);
            }
            catch (LingerException e)
            {
                throw new LingerException($"LayerNormInt '{GetName()}': {e.Message}");
            }
            var output = IntegerTensors.FromInt8(y, shape, so);
            Export.ExportCapture.Current?.Record(this, new Export.Handlers.LayerNormCall(input, sx, wq, bq, sw, so, output));
            return output;
        }
    }
}
