using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::Conv2dInt</c> (linger-spec §3.1, chip-facts "Conv2dInt").</summary>
internal static class Conv2dIntContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.Conv2dInt,
        Summary = "2-D convolution: int32 accumulator (wraps), SAT32(acc + b), then SAT8(RSH(·, q_x + q_w − q_o)); a shift ≥ 32 gives 0. Without o_bits: float32 acc / 2^(q_x+q_w).",
        Reference = "linger-spec §3.1, §6.3; chip-facts Conv2dInt",
        Inputs = [CommonPorts.DataX, CommonPorts.Weight("weight [OC, C/group, kh, kw]"), CommonPorts.Bias],
        Outputs = [CommonPorts.LayerOutput],
        Attributes =
        [
            .. CommonPorts.LayerAttributes,
            .. CommonPorts.Window2dAttributes(kernelRequired: false),
            AttributeContract.Opt(AttributeNames.Dilations, AttributeKind.Ints, "[dh, dw], default 1"),
            AttributeContract.Opt(AttributeNames.Group, AttributeKind.Int, "groups, default 1"),
            AttributeContract.Opt(AttributeNames.CastorMode, AttributeKind.String, "\"luna\""),
        ],
        InferShapes = Infer,
        VenusLimits = [.. VenusLimitTable.Window2d(), VenusLimitTable.Int8Data, VenusLimitTable.WeightBits, CommonPorts.LayerOutputBits],
    };

    private static int[][] Infer(NodeView v)
    {
        var x = v.RequireShape(0);
        var w = v.RequireShape(1);
        if (w.Length != 4 || w.Any(d => d == 0)) throw v.Fail($"weight has shape [{ShapeRules.Format(w)}] but must be [OC, C/group, kh, kw] with no empty dimension.");
        var a = v.Attributes;
        long group = a.Int(AttributeNames.Group, 1);
        if (group < 1 || group > w[0] || w[0] % group != 0) throw v.Fail($"group = {group} must be ≥ 1 and divide the {w[0]} output channels.");
        if (a.Has(AttributeNames.KernelShape) && !a.Ints(AttributeNames.KernelShape).SequenceEqual([w[2], w[3]]))
            throw v.Fail($"kernel_shape {a.Format(AttributeNames.KernelShape)} does not match the weight [{ShapeRules.Format(w)}].");
        if (x.Length != 4) throw v.Fail($"input has shape [{ShapeRules.Format(x)}] but must be 4-D [N, C, H, W].");
        if (x[1] != w[1] * group) throw v.Fail($"input has {x[1]} channels but the weight [{ShapeRules.Format(w)}] with group {group} needs {w[1] * group}.");
        if (v.Shape(2) is { } b && (b.Length != 1 || b[0] != w[0])) throw v.Fail($"bias has shape [{ShapeRules.Format(b)}] but must be [{w[0]}].");
        return [ShapeRules.Window2d(v, w[0], [w[2], w[3]])];
    }
}
