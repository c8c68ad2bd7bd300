using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary>
/// Standard ONNX (opset 12) data-movement ops a thinker graph runs on int8 tensors (linger-spec §3.28): values
/// and scale unchanged. Reshape, Flatten and Identity are in <see cref="StandardOpContracts"/>.
/// </summary>
internal static class ShapeOpContracts
{
    private static PortContract Int64Constant(string name, string meaning, bool optional = false)
        => new(name, ElementTypeRule.Int64, meaning) { Constant = true, Optional = optional };

    internal static int Axis(NodeView v, long axis, int rank)
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw v.Fail($"axis {axis} is out of range for rank {rank}.");
        return (int)a;
    }

    public static OpContract Transpose { get; } = new()
    {
        OpType = OpTypes.Transpose,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "Permutes the dimensions (perm); data unchanged.",
        Reference = "linger-spec §3.28",
        Inputs = [CommonPorts.PassThroughX],
        Outputs = [CommonPorts.PassThroughOut],
        Attributes = [AttributeContract.Opt("perm", AttributeKind.Ints, "the permutation, default reversed")],
        InferShapes = v =>
        {
            var x = v.RequireShape(0);
            var perm = v.Attributes.Ints("perm", Enumerable.Range(0, x.Length).Reverse().Select(i => (long)i).ToArray());
            if (perm.Length != x.Length || perm.Order().Select((p, i) => p == i).Any(ok => !ok))
                throw v.Fail($"perm [{string.Join(", ", perm)}] is not a permutation of rank {x.Length}.");
            return [perm.Select(p => x[p]).ToArray()];
        },
    };

    public static OpContract Slice { get; } = new()
    {
        OpType = OpTypes.Slice,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "Elements starts..ends (exclusive) with steps ≥ 1 along axes; data unchanged.",
        Reference = "linger-spec §3.28",
        Inputs =
        [
            CommonPorts.PassThroughX,
            Int64Constant("starts", "int64 constant"),
            Int64Constant("ends", "int64 constant"),
            Int64Constant("axes", "int64 constant, default 0..", optional: true),
            Int64Constant("steps", "int64 constant ≥ 1, default 1", optional: true),
        ],
        Outputs = [CommonPorts.PassThroughOut],
        InferShapes = v => [SliceGeometry.Of(v).Shape],
    };

    public static OpContract Gather { get; } = new()
    {
        OpType = OpTypes.Gather,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "Selects entries of axis by constant int64 indices (0-d: the axis is dropped); data unchanged.",
        Reference = "linger-spec §3.28",
        Inputs = [CommonPorts.PassThroughX, Int64Constant("indices", "int64 constant")],
        Outputs = [CommonPorts.PassThroughOut],
        Attributes = [AttributeContract.Opt(AttributeNames.Axis, AttributeKind.Int, "default 0")],
        InferShapes = v =>
        {
            var x = v.RequireShape(0);
            var idxShape = v.RequireShape(1);
            int axis = Axis(v, v.Attributes.Int(AttributeNames.Axis, 0), x.Length);
            var idx = v.ConstantValue(1) ?? throw v.Fail("indices must be a constant int64 tensor.");
            if (idx.Any(i => i < -x[axis] || i >= x[axis])) throw v.Fail($"indices [{string.Join(", ", idx)}] are out of range for dim {axis} ({x[axis]}).");
            return [[.. x[..axis], .. idxShape, .. x[(axis + 1)..]]];
        },
    };

    /// <summary>The most parts a Split node may have (the contract lists its outputs).</summary>
    public const int MaxSplitOutputs = 32;

    public static OpContract Split { get; } = new()
    {
        OpType = OpTypes.Split,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "Splits along axis into parts of the given sizes (split attribute, opset 12); data unchanged.",
        Reference = "linger-spec §3.28",
        Inputs = [CommonPorts.PassThroughX],
        Outputs = Enumerable.Range(0, MaxSplitOutputs).Select(i => new PortContract("y" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), new ElementTypeRule.SameAs(0), "a part, same type and scale as x")
        {
            Scale = new ScaleRule.SameAsInput(0),
            Optional = i > 0,
        }).ToArray(),
        Attributes =
        [
            AttributeContract.Opt(AttributeNames.Axis, AttributeKind.Int, "default 0"),
            AttributeContract.Req("split", AttributeKind.Ints, "the part sizes along axis"),
        ],
        InferShapes = v =>
        {
            var x = v.RequireShape(0);
            int axis = Axis(v, v.Attributes.Int(AttributeNames.Axis, 0), x.Length);
            var split = v.Attributes.Ints("split");
            if (split.Length > MaxSplitOutputs) throw v.Fail($"{split.Length} parts; at most {MaxSplitOutputs}.");
            if (split.Any(s => s < 0) || split.Sum() != x[axis]) throw v.Fail($"split [{string.Join(", ", split)}] does not add up to dim {axis} ({x[axis]}).");
            return split.Select(s => { var y = (int[])x.Clone(); y[axis] = (int)s; return y; }).ToArray();
        },
    };
}
