using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::LinearInt</c> (linger-spec §3.3, chip-facts "LinearInt").</summary>
internal static class LinearIntContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.LinearInt,
        Summary = "x [.., N] · Wᵀ [N, L]: exact dot products, bias added in 64 bits, SAT8(RSH(acc + b, q_x + q_w − q_o)). Without o_bits: float32 acc / 2^(q_x+q_w).",
        Reference = "linger-spec §3.3, §6.3; chip-facts LinearInt",
        Inputs = [CommonPorts.DataX, CommonPorts.Weight("weight [L, N]"), CommonPorts.Bias],
        Outputs = [CommonPorts.LayerOutput],
        Attributes = CommonPorts.LayerAttributes,
        InferShapes = Infer,
        VenusLimits = [VenusLimitTable.Int8Data, VenusLimitTable.WeightBits, CommonPorts.LayerOutputBits],
    };

    private static int[][] Infer(NodeView v)
    {
        var x = v.RequireShape(0);
        var w = v.RequireShape(1);
        if (w.Length != 2 || w[0] == 0 || w[1] == 0) throw v.Fail($"weight has shape [{ShapeRules.Format(w)}] but must be [L, N], non-empty.");
        if (x.Length < 1 || x[^1] != w[1]) throw v.Fail($"input has shape [{ShapeRules.Format(x)}] but its last dimension must be {w[1]} (weight [{ShapeRules.Format(w)}]).");
        if (v.Shape(2) is { } b && (b.Length != 1 || b[0] != w[0])) throw v.Fail($"bias has shape [{ShapeRules.Format(b)}] but must be [{w[0]}].");
        return [[.. x[..^1], w[0]]];
    }
}
