using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::BatchNorm2dInt</c> (linger-spec §3.5, chip-facts "BatchNorm2dInt").</summary>
internal static class BatchNorm2dIntContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.BatchNorm2dInt,
        Summary = "Per channel c: SAT8(RSH(x·α_c + β_c, q_x + q_w − q_o)), 64-bit add; running mean/var inputs are ignored (as on the chip). Without o_bits: float32.",
        Reference = "linger-spec §3.5, §6.3; chip-facts BatchNorm2dInt",
        Inputs =
        [
            CommonPorts.DataX,
            new("alpha", ElementTypeRule.Of(OnnxDataTypes.Int8, OnnxDataTypes.Int16), "folded γ/√(var+ε) [C] at scale_w") { Constant = true },
            new("beta", ElementTypeRule.Int32, "folded β − mean·α [C] at scale_x·scale_w") { Constant = true },
            new("running_mean", ElementTypeRule.Float, "ignored") { Optional = true, Constant = true },
            new("running_var", ElementTypeRule.Float, "ignored") { Optional = true, Constant = true },
        ],
        Outputs = [CommonPorts.LayerOutput],
        Attributes = CommonPorts.LayerAttributes,
        InferShapes = Infer,
        VenusLimits = [VenusLimitTable.Int8Data, CommonPorts.Int8Output],
    };

    private static int[][] Infer(NodeView v)
    {
        var x = v.RequireShape(0);
        var alpha = v.RequireShape(1);
        int c = alpha.Aggregate(1, (p, d) => p * d);
        if (c == 0) throw v.Fail("alpha is empty.");
        if (x.Length < 2 || x[1] != c) throw v.Fail($"input has shape [{ShapeRules.Format(x)}] but must be [N, {c}, ...].");
        var beta = v.RequireShape(2);
        if (beta.Aggregate(1, (p, d) => p * d) != c) throw v.Fail($"beta has shape [{ShapeRules.Format(beta)}] but must hold {c} values.");
        return [x];
    }
}
