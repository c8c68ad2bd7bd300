using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::BmmInt</c> (linger-spec §3.13, §6.3; chip-facts "BmmInt"; kernel <see cref="Kernels.BmmInt"/>).</summary>
internal static class BmmIntContract
{
    /// <summary>The venus packer's limit on the right operand of one batch (bytes of int8).</summary>
    public const int MaxVenusRightOperandBytes = 32 * 1024;

    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.BmmInt,
        Summary = "Per batch: z = SAT8(RSH(Σ_k x[m,k]·y[k,n], q_x + q_y − q_o)), exact sums; x [B, M, K] · y [B, K, N] (2-D: one batch).",
        Reference = "linger-spec §3.13, §6.3; chip-facts BmmInt; thinker-spec §2.3",
        Inputs = [CommonPorts.Int8X, new("y", ElementTypeRule.Int8, "int8 right operand at scale_y") { Scale = ScaleRule.Attribute(AttributeNames.ScaleY) }],
        Outputs = [CommonPorts.Int8Out],
        Attributes =
        [
            AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "scale of x"),
            AttributeContract.Req(AttributeNames.ScaleY, AttributeKind.Float, "scale of y"),
            AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "output scale, q_o ≤ q_x + q_y"),
            AttributeContract.Opt(AttributeNames.DataBits, AttributeKind.Int, "input bits, 8"),
            AttributeContract.Opt(AttributeNames.OBits, AttributeKind.Int, "output bits, 8 (the chip writes nothing for 16/32)"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
        ],
        InferShapes = Infer,
        VenusLimits =
        [
            VenusLimitTable.Int8Data,
            new("o_bits 8 (the chip writes nothing for 16/32-bit outputs)", v => v.Attributes.Int(AttributeNames.OBits, 8) == 8 ? null : $"o_bits {v.Attributes.Int(AttributeNames.OBits)} is not 8"),
            new("right operand of one batch ≤ 32 KB (packer)", v =>
                v.Shape(1) is { Length: >= 2 } y && (long)y[^1] * y[^2] > MaxVenusRightOperandBytes ? $"right operand [{y[^2]}, {y[^1]}] has {(long)y[^1] * y[^2]} bytes" : null),
        ],
    };

    /// <summary>(batch, m, k, n) of x·y, or a failure naming the shapes.</summary>
    public static (int Batch, int M, int K, int N) Dimensions(NodeView v)
    {
        var x = v.RequireShape(0);
        var y = v.RequireShape(1);
        bool ok = (x.Length, y.Length) switch
        {
            (2, 2) => x[1] == y[0],
            (3, 3) => x[0] == y[0] && x[2] == y[1],
            _ => false,
        };
        if (!ok || x.Contains(0) || y.Contains(0))
            throw v.Fail($"operands [{ShapeRules.Format(x)}] and [{ShapeRules.Format(y)}] are not [M, K]·[K, N] or [B, M, K]·[B, K, N] with no empty dimension.");
        return x.Length == 2 ? (1, x[0], x[1], y[1]) : (x[0], x[1], x[2], y[2]);
    }

    private static int[][] Infer(NodeView v)
    {
        var (b, m, _, n) = Dimensions(v);
        return [v.RequireShape(0).Length == 2 ? [m, n] : [b, m, n]];
    }
}
