using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::Gather</c>: linger's EmbeddingInt (linger-spec §3.9, §6.3).</summary>
internal static class ThinkerGatherContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.ThinkerGather,
        Summary = "Embedding lookup: y[..., :] = W[idx[...], :], the int8 table rows unchanged (scale_o = scale_w, no requantization).",
        Reference = "linger-spec §3.9, §6.3",
        Inputs =
        [
            new("W", new ElementTypeRule.FromBits(AttributeNames.ParameterBits, 8, false), "table [V, D] at scale_w") { Constant = true },
            new("indices", ElementTypeRule.Int64, "int64 row indices in [0, V)"),
        ],
        Outputs = [new("y", ElementTypeRule.Int8, "int8 rows at scale_o = scale_w") { Scale = ScaleRule.Attribute(AttributeNames.ScaleO) }],
        Attributes =
        [
            AttributeContract.Req(AttributeNames.ScaleW, AttributeKind.Float, "table scale 2^q_w"),
            AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "output scale, equal to scale_w"),
            AttributeContract.Opt(AttributeNames.ParameterBits, AttributeKind.Int, "table bits, default 8"),
            AttributeContract.Opt(AttributeNames.OBits, AttributeKind.Int, "output bits (8)"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
        ],
        InferShapes = v =>
        {
            var w = v.RequireShape(0);
            var idx = v.RequireShape(1);
            if (w.Length != 2 || w.Any(d => d == 0)) throw v.Fail($"table has shape [{ShapeRules.Format(w)}] but must be [V, D] with no empty dimension.");
            var a = v.Attributes;
            if (a.Scale(AttributeNames.ScaleO) != a.Scale(AttributeNames.ScaleW))
                throw v.Fail($"scale_o {a.Format(AttributeNames.ScaleO)} must equal scale_w {a.Format(AttributeNames.ScaleW)} (the rows are copied, not requantized).");
            if (a.Int(AttributeNames.OBits, 8) != 8) throw v.Fail($"o_bits {a.Int(AttributeNames.OBits)} is not 8.");
            return [[.. idx, w[1]]];
        },
        VenusLimits = [VenusLimitTable.WeightBits],
    };
}
