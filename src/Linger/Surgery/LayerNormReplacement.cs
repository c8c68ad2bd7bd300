using LingerNet.Constraint;
using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Surgery;

/// <summary>
/// Init's rule for <c>nn.LayerNorm</c> → <see cref="LayerNormInt"/>. Every option is honoured or refused:
/// normalised shape of one or two dims (the chip's layouts), ε = 1e-5 (the chip's fixed ε), elementwise_affine
/// false (exported with a unit γ and zero β), no bias (zero β), 8-bit input and output (the kernel's widths;
/// γ is always int16). On venus the normalised size T must keep T·Σx² below 2^31 for every int8 row (T ≤ 362).
/// </summary>
internal static class LayerNormReplacement
{
    private const string What = "LayerNorm";

    /// <summary>The stage-1 form: the clamps and the ahead-ReLU mark found by Linger.Constrain carry over.</summary>
    public static nn.Module? Create(ConstrainedLayerNorm cln, ReplacementContext c)
    {
        if (Create(cln.LayerNorm, c) is not LayerNormInt q) return null;
        q.ClampWeight = cln.Bounds.Weight;
        q.ClampBias = cln.Bounds.Bias;
        q.ClampOutput = cln.Bounds.Output;
        q.AheadRelu = cln.AheadRelu;
        return q;
    }

    public static nn.Module? Create(LayerNorm ln, ReplacementContext c)
    {
        var shape = ln.normalized_shape;
        if (shape.Length is < 1 or > 2)
            c.Refuse(What, $"normalised shape [{string.Join(", ", shape)}] has {shape.Length} dims; the chip normalises over the last one or two dims only.");
        if (Math.Abs(ln.eps - VenusLayerNorm.Epsilon) > 1e-12)
            c.Refuse(What, $"eps = {ln.eps} is not supported: the chip's epsilon is fixed at 1e-5. Use eps: 1e-5.");
        if (c.Config.DataBits != 8)
            c.Refuse(What, $"data bits {c.Config.DataBits} are not supported: the chip's LayerNormInt takes int8 input.");
        if (c.Config.OutBits != 8)
            c.Refuse(What, $"output bits {(c.Config.OutBits is int ob ? ob.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null (float)")} are not supported: LayerNormInt writes int8. Use outBits 8.");
        if (c.Problems.Count > 0) return null;
        var weightShape = shape.Select(d => checked((int)d)).ToArray();
        c.CheckVenus(What, OpTypes.LayerNormInt, new Dictionary<string, object> { [AttributeNames.OBits] = 8L }, [null, weightShape]);
        if (c.Problems.Count > 0) return null;
        var q = LayerNormInt.FromFloat(ln, c.Config);
        q.AheadRelu = Linger.IsMarkedAheadRelu(ln);
        return q;
    }
}
