using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary>
/// <c>thinker::Conv1dInt</c> (linger-spec §3.2, §6.3; chip-facts "Conv1dInt"): the chip runs it as a 2-D
/// convolution with H = L, W = 1, so the formula is Conv2dInt's.
/// </summary>
internal static class Conv1dIntContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.Conv1dInt,
        Summary = "1-D convolution over [N, C, L] (run as 2-D with H = L, W = 1): int32 accumulator (wraps), SAT32(acc + b), then SAT8(RSH(·, q_x + q_w − q_o)); a shift ≥ 32 gives 0. Without o_bits: float32 acc / 2^(q_x+q_w).",
        Reference = "linger-spec §3.2, §6.3; chip-facts Conv1dInt",
        Inputs = [CommonPorts.DataX, CommonPorts.Weight("weight [OC, C/group, k]"), CommonPorts.Bias],
        Outputs = [CommonPorts.LayerOutput],
        Attributes =
        [
            .. CommonPorts.LayerAttributes,
            AttributeContract.Opt(AttributeNames.KernelShape, AttributeKind.Ints, "[k]"),
            AttributeContract.Opt(AttributeNames.Strides, AttributeKind.Ints, "[s], default 1"),
            AttributeContract.Opt(AttributeNames.Pads, AttributeKind.Ints, "[begin, end], default 0"),
            AttributeContract.Opt(AttributeNames.Dilations, AttributeKind.Ints, "[d], default 1"),
            AttributeContract.Opt(AttributeNames.Group, AttributeKind.Int, "groups, default 1"),
        ],
        InferShapes = Infer,
        VenusLimits =
        [
            // Window2d's rules read each list element, so they hold for 1-element lists too; the
            // dilation rule matters most here: venus silently ignores a Conv1d dilation.
            .. VenusLimitTable.Window2d(),
            new("no depthwise Conv1d (groups = C = OC > 1: the packer cannot pack it)", Depthwise),
            VenusLimitTable.Int8Data, VenusLimitTable.WeightBits, CommonPorts.Int8Output,
        ],
    };

    private static string? Depthwise(NodeView v)
    {
        long group = v.Attributes.Int(AttributeNames.Group, 1);
        if (group <= 1) return null;
        // At Init only the weight shape may be known; groups = OC with one input channel per group is depthwise.
        var w = v.Shape(1);
        return w is { Length: 3 } && w[0] == group && w[1] == 1 ? $"depthwise Conv1d (groups {group} = channels) cannot be packed" : null;
    }

    private static int[][] Infer(NodeView v)
    {
        var x = v.RequireShape(0);
        var w = v.RequireShape(1);
        if (w.Length != 3 || w.Any(d => d == 0)) throw v.Fail($"weight has shape [{ShapeRules.Format(w)}] but must be [OC, C/group, k] with no empty dimension.");
        var a = v.Attributes;
        long group = a.Int(AttributeNames.Group, 1);
        if (group < 1 || group > w[0] || w[0] % group != 0) throw v.Fail($"group = {group} must be ≥ 1 and divide the {w[0]} output channels.");
        if (a.Has(AttributeNames.KernelShape) && !a.Ints(AttributeNames.KernelShape).SequenceEqual([w[2]]))
            throw v.Fail($"kernel_shape {a.Format(AttributeNames.KernelShape)} does not match the weight [{ShapeRules.Format(w)}].");
        if (x.Length != 3) throw v.Fail($"input has shape [{ShapeRules.Format(x)}] but must be 3-D [N, C, L].");
        if (x[1] != w[1] * group) throw v.Fail($"input has {x[1]} channels but the weight [{ShapeRules.Format(w)}] with group {group} needs {w[1] * group}.");
        if (v.Shape(2) is { } b && (b.Length != 1 || b[0] != w[0])) throw v.Fail($"bias has shape [{ShapeRules.Format(b)}] but must be [{w[0]}].");
        var (s, p, d) = ShapeRules.Window1d(a);
        return [[x[0], w[0], ShapeRules.WindowOutput(v, x[2], w[2], s, p[0], p[1], d, "length")]];
    }
}
