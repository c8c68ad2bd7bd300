using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::iqCat</c> (linger-spec §3.21, chip-facts "iqCat").</summary>
internal static class IqCatContract
{
    /// <summary>The largest up-scale (bits) the venus iqCat computes correctly.</summary>
    public const int MaxUpscaleBits = 6;

    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.IqCat,
        Summary = "Each input requantized to scale_o (RSH when coarser, SAT8(x·2^d) when finer), then concatenated along dim.",
        Reference = "linger-spec §3.21; thinker-spec §2.3 iqCat",
        Inputs = [new("x", ElementTypeRule.Int8, "int8 inputs, input i at scale_x_i") { Variadic = true, Scale = new ScaleRule.FromAttribute(AttributeNames.ScaleXPrefix, Indexed: true) }],
        Outputs = [CommonPorts.Int8Out],
        Attributes =
        [
            AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "output scale"),
            AttributeContract.Req(AttributeNames.Dim, AttributeKind.Int, "concatenation axis (negative allowed)"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
        ],
        InferShapes = Infer,
        VenusLimits =
        [
            new("no input up-scaled by 7 bits or more (the chip negates or zeroes it)", v =>
            {
                var a = v.Attributes;
                int o = a.Scale(AttributeNames.ScaleO).Exponent;
                for (int i = 0; i < v.InputShapes.Count; i++)
                    if (a.OptionalScale(AttributeNames.ScaleXAt(i)) is { } s && o - s.Exponent > MaxUpscaleBits)
                        return $"input {i} would be up-scaled by {o - s.Exponent} bits ({s} → 2^{o})";
                return null;
            }),
        ],
    };

    private static int[][] Infer(NodeView v)
    {
        for (int i = 0; i < v.InputShapes.Count; i++)
            if (!v.Attributes.Has(AttributeNames.ScaleXAt(i))) throw v.Fail($"required attribute '{AttributeNames.ScaleXAt(i)}' is missing.");
        var first = v.RequireShape(0);
        int rank = first.Length;
        long dim = v.Attributes.Int(AttributeNames.Dim);
        long axis = dim < 0 ? dim + rank : dim;
        if (axis < 0 || axis >= rank) throw v.Fail($"dim = {dim} is out of range for rank {rank}.");
        var shape = (int[])first.Clone();
        shape[axis] = 0;
        for (int i = 0; i < v.InputShapes.Count; i++)
        {
            var s = v.RequireShape(i);
            bool ok = s.Length == rank;
            for (int d = 0; ok && d < rank; d++) ok = d == axis || s[d] == first[d];
            if (!ok) throw v.Fail($"input {i} has shape [{ShapeRules.Format(s)}], incompatible with [{ShapeRules.Format(first)}] for concatenation along dim {dim}.");
            shape[axis] += s[axis];
        }
        return [shape];
    }
}
