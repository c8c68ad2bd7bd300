using LingerNet.Numerics.Dialect.Contracts;
using LingerNet.Numerics.Kernels;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::LayerNormInt</c> (linger-spec §3.6, §6.3; chip-facts "LayerNormInt"; kernel <see cref="VenusLayerNorm"/>).</summary>
internal static class LayerNormIntContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.LayerNormInt,
        Summary = "Per row of T (last dim, or last two dims when W has that many elements): y10 = SAT16(RSH((T·x − Σx)·rsqrt(T·Σx² − (Σx)² + q_eps))) in Q10 (768-entry table), y = SAT8(RSH(y10·W + b, 10 + q_w − q_o)).",
        Reference = "linger-spec §3.6, §6.3; chip-facts LayerNormInt; thinker-spec §2.3",
        Inputs =
        [
            CommonPorts.DataX,
            new("W", ElementTypeRule.Of(OnnxDataTypes.Int16), "int16 weight γ at scale_w, one per normalised element") { Constant = true },
            new("b", ElementTypeRule.Int32, "int32 bias β at 2^10·scale_w") { Constant = true },
        ],
        Outputs = [CommonPorts.Int8Out],
        Attributes =
        [
            AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "input scale 2^q_x (q_x in 0..15)"),
            AttributeContract.Req(AttributeNames.ScaleW, AttributeKind.Float, "weight scale 2^q_w"),
            AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "output scale 2^q_o, q_o ≤ 10 + q_w"),
            AttributeContract.Opt(AttributeNames.DataBits, AttributeKind.Int, "input bits, 8"),
            AttributeContract.Opt(AttributeNames.ParameterBits, AttributeKind.Int, "weight bits, 16"),
            AttributeContract.Opt(AttributeNames.OBits, AttributeKind.Int, "output bits, 8"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
        ],
        InferShapes = Infer,
        VenusLimits =
        [
            VenusLimitTable.Int8Data,
            new("o_bits 8", v => v.Attributes.Int(AttributeNames.OBits, 8) == 8 ? null : $"o_bits {v.Attributes.Int(AttributeNames.OBits)} is not 8"),
            new("input of at least 3 dims (the chip's LayerNorm layout)", v => v.Shape(0) is { } x && x.Length < 3 ? $"input has {x.Length} dims" : null),
            new($"normalised size T ≤ {VenusLayerNorm.MaxAlwaysSafeNormalizedSize} (T·Σx² is an int32 on the chip)", v =>
                NormalizedSize(v) is int t && !VenusLayerNorm.IsNormalizedSizeAlwaysSafe(t)
                    ? $"normalised size {t} lets T·Σx² reach 2^31 (int32 overflow on the chip)" : null),
        ],
    };

    /// <summary>T: the weight's element count, when its shape is known.</summary>
    private static int? NormalizedSize(NodeView v)
        => v.Shape(1) is { } w ? w.Aggregate(1, (p, d) => p * d) : null;

    private static int[][] Infer(NodeView v)
    {
        var x = v.RequireShape(0);
        var w = v.RequireShape(1);
        int t = w.Aggregate(1, (p, d) => p * d);
        try
        {
            VenusLayerNorm.RowLayout(x, t);
        }
        catch (LingerException e)
        {
            throw v.Fail(e.Message);
        }
        if (v.Shape(2) is { } b && b.Aggregate(1, (p, d) => p * d) != t)
            throw v.Fail($"bias has shape [{ShapeRules.Format(b)}] but needs {t} elements like the weight [{ShapeRules.Format(w)}].");
        return [x];
    }
}
