using LingerNet.Numerics;
using LingerNet.Quantization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized embedding (linger's EmbeddingInt, linger-spec §3.9, exported as <c>thinker::Gather(W, indices)</c>):
/// the table is quantized per tensor at s_w = 2^floor(log2(bound / max|W|)) on every forward, and the output is
/// the table's rows W_q[idx] at scale_o = s_w (no requantization). Training looks up the fake-quantized table
/// (gradients flow into the looked-up rows, straight through the rounding); eval looks up the integers.
/// Takes over the float <see cref="Embedding"/>'s <c>weight</c> (same object, same name). Indices are int64.
/// </summary>
public sealed class EmbeddingInt : nn.Module<Tensor, Tensor>, IQuantizedModule
{
    private readonly Parameter _weight;

    /// <summary>Creates the module over a [V, D] table.</summary>
    public EmbeddingInt(string name, Parameter weight, ModuleQuantConfig config) : base(name)
    {
        if (weight.dim() != 2) throw new ArgumentException($"EmbeddingInt '{name}': the table must be [V, D], has {weight.dim()} dimensions.", nameof(weight));
        QuantRange.CheckBits(config.ParameterBits, name);
        _weight = weight;
        Config = config;
        register_parameter("weight", weight);
    }

    /// <summary>Creates the quantized counterpart of a float embedding, sharing its table.</summary>
    public static EmbeddingInt FromFloat(Embedding e, ModuleQuantConfig config) => new(e.GetName(), e.weight!, config);

    /// <summary>The table [V, D].</summary>
    public Parameter Weight => _weight;

    /// <summary>Bit widths (parameter bits for the table; the output is the table's integers).</summary>
    public ModuleQuantConfig Config { get; }

    /// <summary>The table scale: the largest 2^n that does not saturate max|W|.</summary>
    public Pow2Scale WeightScale() => Pow2Scale.FromMaxAbs(ActivationQuantizer.MaxAbs(_weight), Config.ParameterBits);

    /// <inheritdoc />
    public override Tensor forward(Tensor indices)
    {
        if (indices.dtype != ScalarType.Int64)
            throw new LingerException($"EmbeddingInt '{GetName()}': indices must be int64, got {indices.dtype}.");
        var sw = WeightScale();
        var info = new QuantInfo(sw, 8);
        if (training)
        {
            var fw = FakeQuantize.Apply(_weight, sw.Value, QuantRange.Min(Config.ParameterBits), QuantRange.Max(Config.ParameterBits));
            return QuantTags.Tag(Lookup(fw, indices), info);
        }
        using (no_grad())
        {
            var wi = ActivationQuantizer.QuantizeToIntegers(_weight, sw, Config.ParameterBits);
            var y = QuantTags.Tag(Lookup(wi, indices).mul(Math.ScaleB(1.0, -sw.Exponent)).to_type(ScalarType.Float32), info);
            Export.ExportCapture.Current?.Record(this, new Export.Handlers.EmbeddingCall(indices, sw, wi, y));
            return y;
        }
    }

    private static Tensor Lookup(Tensor table, Tensor indices)
        => table.index_select(0, indices.flatten()).view([.. indices.shape, table.shape[1]]);
}
