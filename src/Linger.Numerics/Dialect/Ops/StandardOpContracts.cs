using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary>
/// The standard ONNX ops a thinker graph runs on int8 data (linger-spec §6.3/§6.4): they move or select
/// values without changing them, so the output has the input's type and scale.
/// </summary>
internal static class StandardOpContracts
{
    public static OpContract Relu { get; } = new()
    {
        OpType = OpTypes.Relu,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "max(x, 0), same type and scale.",
        Reference = "linger-spec §3.11",
        Inputs = [new("x", ElementTypeRule.AnyData, "int8/int16/int32 at its producer's scale, or float32")],
        Outputs = [CommonPorts.PassThroughOut],
        InferShapes = ShapeRules.SameAsInput0,
    };

    public static OpContract MaxPool { get; } = new()
    {
        OpType = OpTypes.MaxPool,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "Max over the in-bounds elements of each window (padding never wins), same scale.",
        Reference = "linger-spec §3.11; chip-facts MaxPool",
        Inputs = [new("x", ElementTypeRule.Int8, "int8 [N, C, H, W]")],
        Outputs = [CommonPorts.PassThroughOut, new("indices", ElementTypeRule.Int64, "not supported") { Optional = true }],
        Attributes =
        [
            .. CommonPorts.Window2dAttributes(kernelRequired: true),
            AttributeContract.Opt(AttributeNames.Dilations, AttributeKind.Ints, "[dh, dw], default 1"),
            AttributeContract.Opt(AttributeNames.CeilMode, AttributeKind.Int, "ignored (floor shapes, as the packer)"),
            AttributeContract.Opt("auto_pad", AttributeKind.String, "NOTSET only"),
        ],
        InferShapes = v =>
        {
            if (v.Attributes.String("auto_pad") is not (null or "NOTSET")) throw v.Fail($"auto_pad = '{v.Attributes.String("auto_pad")}' is not supported; export explicit pads.");
            return [ShapeRules.Window2d(v, v.RequireShape(0).ElementAtOrDefault(1))];
        },
        VenusLimits = VenusLimitTable.Window2d(),
    };

    public static OpContract Flatten { get; } = new()
    {
        OpType = OpTypes.Flatten,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "Reshape to [d0·…·d(axis−1), d(axis)·…·dn]; data unchanged.",
        Inputs = [CommonPorts.PassThroughX],
        Outputs = [CommonPorts.PassThroughOut],
        Attributes = [AttributeContract.Opt(AttributeNames.Axis, AttributeKind.Int, "default 1")],
        InferShapes = v =>
        {
            var x = v.RequireShape(0);
            long axis = v.Attributes.Int(AttributeNames.Axis, 1);
            if (axis < 0) axis += x.Length;
            if (axis < 0 || axis > x.Length) throw v.Fail($"axis {v.Attributes.Int(AttributeNames.Axis, 1)} is out of range for rank {x.Length}.");
            long outer = 1, inner = 1;
            for (int i = 0; i < x.Length; i++) { if (i < axis) outer *= x[i]; else inner *= x[i]; }
            return [[checked((int)outer), checked((int)inner)]];
        },
    };

    public static OpContract Reshape { get; } = new()
    {
        OpType = OpTypes.Reshape,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "Reshape to a constant int64 shape (0 copies the input dimension, −1 is inferred); data unchanged.",
        Inputs = [CommonPorts.PassThroughX, new("shape", ElementTypeRule.Int64, "1-D int64 constant") { Constant = true }],
        Outputs = [CommonPorts.PassThroughOut],
        Attributes = [AttributeContract.Opt(AttributeNames.AllowZero, AttributeKind.Int, "0 only")],
        InferShapes = InferReshape,
    };

    public static OpContract Identity { get; } = new()
    {
        OpType = OpTypes.Identity,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "y = x.",
        Inputs = [new("x", ElementTypeRule.AnyData, "any")],
        Outputs = [CommonPorts.PassThroughOut],
        InferShapes = ShapeRules.SameAsInput0,
    };

    public static OpContract Constant { get; } = new()
    {
        OpType = OpTypes.Constant,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "A constant tensor (value attribute).",
        Inputs = [],
        Outputs = [new("y", ElementTypeRule.Of(OnnxDataTypes.Float, OnnxDataTypes.Int8, OnnxDataTypes.Int16, OnnxDataTypes.Int32, OnnxDataTypes.Int64), "the value")],
        Attributes = [AttributeContract.Req(AttributeNames.Value, AttributeKind.Tensor, "the tensor")],
        InferShapes = v => throw v.Fail("a Constant's shape is its value's."),
    };

    private static int[][] InferReshape(NodeView v)
    {
        var x = v.RequireShape(0);
        if (v.Attributes.Int(AttributeNames.AllowZero, 0) != 0) throw v.Fail("allowzero = 1 is not supported.");
        var target = v.ConstantValue(1) ?? throw v.Fail("the shape input must be a constant int64 tensor.");
        if (v.Shape(1) is { Length: not 1 }) throw v.Fail("the shape input must be 1-D.");
        if (target.Count(t => t == -1) > 1 || target.Any(t => t < -1 || t > int.MaxValue))
            throw v.Fail($"shape [{string.Join(", ", target)}] is invalid (at most one −1, no other negatives).");
        long total = x.Aggregate(1L, (p, d) => p * d);
        var shape = new int[target.Length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long t = target[i];
            if (t == 0)
            {
                if (i >= x.Length) throw v.Fail($"shape entry {i} is 0 but the input has rank {x.Length}.");
                t = x[i];
            }
            if (t == -1) { inferred = i; continue; }
            shape[i] = (int)t;
            known *= t;
        }
        if (inferred >= 0)
        {
            if (known == 0 || total % known != 0) throw v.Fail($"cannot reshape [{ShapeRules.Format(x)}] ({total} elements) to [{string.Join(", ", target)}].");
            shape[inferred] = (int)(total / known);
        }
        else if (known != total)
        {
            throw v.Fail($"cannot reshape [{ShapeRules.Format(x)}] ({total} elements) to [{string.Join(", ", target)}].");
        }
        return [shape];
    }
}
