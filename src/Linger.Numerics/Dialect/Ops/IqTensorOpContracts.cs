using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary>
/// The thinker iq tensor ops beyond iqAdd/iqCat (linger-spec §3.18–§3.26; chip-facts "iqMul", "iqPad",
/// "ShuffleChannel", "Broken on the chip"). iqSub, iqSum, iqDiv and iqVar carry a venus rule that refuses them:
/// the chip computes them wrongly; the runtime runs linger's intended semantics for other targets.
/// </summary>
internal static class IqTensorOpContracts
{
    private static PortContract Y { get; } = new("y", ElementTypeRule.Int8, "int8 at scale_y (a tensor or an int8 constant)") { Scale = ScaleRule.Attribute(AttributeNames.ScaleY) };

    private static IReadOnlyList<AttributeContract> BinaryAttributes { get; } =
    [
        AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "scale of x"),
        AttributeContract.Req(AttributeNames.ScaleY, AttributeKind.Float, "scale of y"),
        AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "output scale"),
        AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
    ];

    private static IReadOnlyList<AttributeContract> UnaryAttributes { get; } =
    [
        AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "scale of x"),
        AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "output scale"),
        AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
    ];

    /// <summary>A venus rule that refuses an op the chip computes wrongly, saying why and what to use instead.</summary>
    private static VenusLimit Broken(string op, string defect, string alternative)
        => new("never on venus (a chip defect)", _ => $"{op} is computed wrongly by the venus chip ({defect}), so it is never exported for venus. {alternative}");

    private static int[] SameShapes(NodeView v, string op)
    {
        var x = v.RequireShape(0);
        var y = v.RequireShape(1);
        if (!x.SequenceEqual(y)) throw v.Fail($"operands have shapes [{ShapeRules.Format(x)}] and [{ShapeRules.Format(y)}]; {op} needs identical shapes.");
        return x;
    }

    private static int Exponent(NodeView v, string name) => v.Attributes.Scale(name).Exponent;

    public static OpContract Mul { get; } = new()
    {
        OpType = OpTypes.IqMul,
        Summary = "SAT8(RSH(x·y, q_x + q_y − q_o)); y of x's shape, a 0-d scalar, or [N, C, 1, 1] against x [N, C, H, W].",
        Reference = "linger-spec §3.18; chip-facts iqMul",
        Inputs = [CommonPorts.Int8X, Y],
        Outputs = [CommonPorts.Int8Out],
        Attributes = BinaryAttributes,
        InferShapes = v =>
        {
            var x = v.RequireShape(0);
            var y = v.RequireShape(1);
            if (Exponent(v, AttributeNames.ScaleO) > Exponent(v, AttributeNames.ScaleX) + Exponent(v, AttributeNames.ScaleY))
                throw v.Fail("scale_o is finer than scale_x·scale_y: iqMul shifts the product right only.");
            bool same = x.SequenceEqual(y);
            bool scalar = y.Length == 0;
            bool perChannel = x.Length == 4 && y.Length == 4 && y[0] == x[0] && y[1] == x[1] && y[2] == 1 && y[3] == 1;
            if (!same && !scalar && !perChannel)
                throw v.Fail($"operands [{ShapeRules.Format(x)}] and [{ShapeRules.Format(y)}]: iqMul takes identical shapes, a 0-d scalar y, or x [N, C, H, W] with y [N, C, 1, 1].");
            return [x];
        },
        VenusLimits =
        [
            new("broadcast [N, C, H, W] × [N, C, 1, 1] only with N = 1", v =>
            {
                var x = v.Shape(0);
                var y = v.Shape(1);
                if (x is null || y is null || x.SequenceEqual(y) || y.Length == 0) return null;
                return x[0] != 1 ? $"per-channel broadcast with batch {x[0]}: the chip broadcasts [N, C, H, W] × [N, C, 1, 1] only for N = 1" : null;
            }),
        ],
    };

    public static OpContract Sub { get; } = new()
    {
        OpType = OpTypes.IqSub,
        Summary = "SAT8(RSH(x, q_x − q_o) − RSH(y, q_y − q_o)), identical shapes.",
        Reference = "linger §3.16 (as iqAdd); chip-facts Broken on the chip",
        Inputs = [CommonPorts.Int8X, Y],
        Outputs = [CommonPorts.Int8Out],
        Attributes = BinaryAttributes,
        InferShapes = v =>
        {
            if (Exponent(v, AttributeNames.ScaleO) > Math.Min(Exponent(v, AttributeNames.ScaleX), Exponent(v, AttributeNames.ScaleY)))
                throw v.Fail("scale_o is finer than an input scale: iqSub shifts right only.");
            return [SameShapes(v, "iqSub")];
        },
        VenusLimits = [Broken("iqSub", "it uses the output buffer as the minuend, so the result depends on memory contents",
            "Use Linger.Nn.Add with the subtrahend negated by Linger.Nn.MulScalar(-1), or export for ChipTarget.Generic.")],
    };

    public static OpContract Div { get; } = new()
    {
        OpType = OpTypes.IqDiv,
        Summary = "SAT8(floor(x·2^(q_o + q_y − q_x) / y + 0.5)) in double; y = 0 saturates (0/0 = 0); identical shapes.",
        Reference = "linger-spec §3.19; chip-facts Broken on the chip",
        Inputs = [CommonPorts.Int8X, Y],
        Outputs = [CommonPorts.Int8Out],
        Attributes = BinaryAttributes,
        InferShapes = v => [SameShapes(v, "iqDiv")],
        VenusLimits = [Broken("iqDiv", "a tensor divisor works only for int32 and a scalar divisor loses its sign",
            "Divide by a constant with Linger.Nn.MulScalar(1 / c); keep a tensor division in float (Linger.DisableQuant), or export for ChipTarget.Generic.")],
    };

    public static OpContract Max { get; } = new()
    {
        OpType = OpTypes.IqMax,
        Summary = "max(RSH(x, q_x − q_o), RSH(y, q_y − q_o)) with q_o the coarser input exponent; identical shapes.",
        Reference = "linger-spec §3.24 (no chip measurement: linger's intended semantics)",
        Inputs = [CommonPorts.Int8X, Y],
        Outputs = [CommonPorts.Int8Out],
        Attributes = BinaryAttributes,
        InferShapes = v =>
        {
            if (Exponent(v, AttributeNames.ScaleO) != Math.Min(Exponent(v, AttributeNames.ScaleX), Exponent(v, AttributeNames.ScaleY)))
                throw v.Fail("scale_o must be the coarser of scale_x and scale_y.");
            return [SameShapes(v, "iqMax")];
        },
    };

    public static OpContract Sum { get; } = new()
    {
        OpType = OpTypes.IqSum,
        Summary = "Exact integer sum over dims, rescaled from q_x to q_o (RSH, or exact left shift) and saturated to int8.",
        Reference = "linger-spec §3.20; chip-facts Broken on the chip",
        Inputs = [CommonPorts.Int8X],
        Outputs = [CommonPorts.Int8Out],
        Attributes =
        [
            .. UnaryAttributes,
            AttributeContract.Req(AttributeNames.Dims, AttributeKind.Ints, "the reduced dims (negative allowed)"),
            AttributeContract.Opt("keepdim", AttributeKind.Int, "1 keeps the reduced dims as size 1, default 0"),
        ],
        InferShapes = v => [ReducedShape(v, v.Attributes.Ints(AttributeNames.Dims), v.Attributes.Int("keepdim", 0) != 0)],
        VenusLimits = [Broken("iqSum", "only the first row of the result is right",
            "For a sum over H·W use AvgPool2d with kernel (H, W) of power-of-two area followed by Linger.Nn.MulScalar(H·W), or export for ChipTarget.Generic.")],
    };

    public static OpContract Var { get; } = new()
    {
        OpType = OpTypes.IqVar,
        Summary = "Exact variance along dim at q_o, rounded half to even (torch.round), saturated to int8.",
        Reference = "linger-spec §3.23; chip-facts Broken on the chip",
        Inputs = [CommonPorts.Int8X],
        Outputs = [CommonPorts.Int8Out],
        Attributes =
        [
            .. UnaryAttributes,
            AttributeContract.Req(AttributeNames.Dim, AttributeKind.Int, "the reduced dim"),
            AttributeContract.Opt(AttributeNames.Unbiased, AttributeKind.Int, "1: divide by n − 1 (default), 0: by n"),
            AttributeContract.Opt("keepdim", AttributeKind.Int, "default 0"),
            AttributeContract.Opt(AttributeNames.CastorMode, AttributeKind.String, "\"luna\""),
        ],
        InferShapes = v => [ReducedShape(v, [v.Attributes.Int(AttributeNames.Dim)], v.Attributes.Int("keepdim", 0) != 0)],
        VenusLimits = [Broken("iqVar", "it reduces the wrong axis",
            "Compute the variance in float (Linger.DisableQuant on a module doing it), or export for ChipTarget.Generic.")],
    };

    public static OpContract Clamp { get; } = new()
    {
        OpType = OpTypes.IqClamp,
        Summary = "x rescaled to q_o and saturated to int8 (max = 127/2^q_o), then ≥ 0 when min = 0.",
        Reference = "linger-spec §3.22",
        Inputs = [CommonPorts.Int8X],
        Outputs = [CommonPorts.Int8Out],
        Attributes =
        [
            .. UnaryAttributes,
            AttributeContract.Req(AttributeNames.Min, AttributeKind.Float, "0 or −128/2^q_o"),
            AttributeContract.Req(AttributeNames.Max, AttributeKind.Float, "127/2^q_o"),
        ],
        InferShapes = v =>
        {
            double so = v.Attributes.Scale(AttributeNames.ScaleO).Value;
            double min = v.Attributes.Float(AttributeNames.Min), max = v.Attributes.Float(AttributeNames.Max);
            if ((float)max != (float)(127 / so) || (min != 0 && (float)min != (float)(-128 / so)))
                throw v.Fail($"min {min} / max {max} are not the bounds of scale_o {so}: iqClamp needs max = 127/scale_o and min = 0 or −128/scale_o.");
            return ShapeRules.SameAsInput0(v);
        },
    };

    public static OpContract Pad { get; } = new()
    {
        OpType = OpTypes.IqPad,
        Summary = "Pads x (ONNX pads [begins..., ends...]) with the int8 value (constant) or by reflect/edge; scale kept.",
        Reference = "linger-spec §3.25; chip-facts iqPad",
        Inputs =
        [
            new("x", ElementTypeRule.Int8, "int8"),
            new("pads", ElementTypeRule.Int64, "int64 [2·rank] constant") { Constant = true },
            new("value", ElementTypeRule.Int8, "int8 0-d constant (constant mode)") { Constant = true, Optional = true },
        ],
        Outputs = [CommonPorts.PassThroughOut],
        Attributes = [AttributeContract.Opt(AttributeNames.Mode, AttributeKind.String, "\"constant\" (default), \"reflect\", \"edge\"")],
        InferShapes = v =>
        {
            var x = v.RequireShape(0);
            var pads = v.ConstantValue(1) ?? throw v.Fail("pads must be a constant int64 tensor.");
            if (pads.Length != 2 * x.Length || pads.Any(p => p < 0)) throw v.Fail($"pads [{string.Join(", ", pads)}] must have 2·rank = {2 * x.Length} non-negative entries.");
            string mode = v.Attributes.String(AttributeNames.Mode) ?? "constant";
            if (mode is not ("constant" or "reflect" or "edge")) throw v.Fail($"mode '{mode}' is not constant, reflect or edge.");
            var y = new int[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                if (mode == "reflect" && (pads[i] >= x[i] || pads[i + x.Length] >= x[i])) throw v.Fail($"reflect padding {pads[i]}/{pads[i + x.Length]} must be smaller than dim {i} ({x[i]}).");
                y[i] = checked((int)(x[i] + pads[i] + pads[i + x.Length]));
            }
            return [y];
        },
        VenusLimits =
        [
            new("constant mode only (the packer swaps reflect and edge)", v =>
                (v.Attributes.String(AttributeNames.Mode) ?? "constant") is var m && m != "constant"
                    ? $"mode '{m}': the venus packer swaps reflect and edge padding (reflect runs as edge and vice versa); pad with a constant, or export for ChipTarget.Generic" : null),
            new("batch 1", v => v.Shape(0) is { Length: > 0 } s && s[0] != 1 ? $"batch {s[0]}: the chip's iqPad takes batch 1" : null),
        ],
    };

    public static OpContract ShuffleChannel { get; } = new()
    {
        OpType = OpTypes.ShuffleChannel,
        Summary = "Channel shuffle: view(N, g, C/g, ...) → transpose(1, 2) → view(N, C, ...); values and scale unchanged.",
        Reference = "linger-spec §3.26; chip-facts ShuffleChannel",
        Inputs = [CommonPorts.PassThroughX],
        Outputs = [CommonPorts.PassThroughOut],
        Attributes = [AttributeContract.Req(AttributeNames.Groups, AttributeKind.Int, "g, dividing C")],
        InferShapes = v =>
        {
            var x = v.RequireShape(0);
            long g = v.Attributes.Int(AttributeNames.Groups);
            if (x.Length < 2 || g <= 0 || x[1] % g != 0) throw v.Fail($"groups {g} must divide the channels of [{ShapeRules.Format(x)}].");
            return [x];
        },
    };

    /// <summary>The shape after reducing <paramref name="dims"/> of input 0.</summary>
    internal static int[] ReducedShape(NodeView v, long[] dims, bool keep)
    {
        var x = v.RequireShape(0);
        var axes = new HashSet<int>();
        foreach (var d in dims)
        {
            long a = d < 0 ? d + x.Length : d;
            if (a < 0 || a >= x.Length || !axes.Add((int)a)) throw v.Fail($"dims [{string.Join(", ", dims)}] are out of range or repeated for rank {x.Length}.");
        }
        return keep ? x.Select((n, i) => axes.Contains(i) ? 1 : n).ToArray() : x.Where((_, i) => !axes.Contains(i)).ToArray();
    }
}
