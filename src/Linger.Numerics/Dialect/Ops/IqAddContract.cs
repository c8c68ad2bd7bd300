using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::iqAdd</c> (linger-spec §3.16, chip-facts "iqAdd").</summary>
internal static class IqAddContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.IqAdd,
        Summary = "SAT8(SAT8(RSH(x, q_x − q_o)) + SAT8(RSH(y, q_y − q_o))): each operand rescaled half up, then a saturating add.",
        Reference = "linger-spec §3.16; chip-facts iqAdd; thinker-spec §2.3",
        Inputs = [CommonPorts.Int8X, new("y", ElementTypeRule.Int8, "int8 input at scale_y") { Scale = ScaleRule.Attribute(AttributeNames.ScaleY) }],
        Outputs = [CommonPorts.Int8Out],
        Attributes =
        [
            AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "scale of x"),
            AttributeContract.Req(AttributeNames.ScaleY, AttributeKind.Float, "scale of y"),
            AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "output scale (never finer than either input)"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
            AttributeContract.Opt(AttributeNames.Mode, AttributeKind.String, "\"Non_t710_mode\""),
        ],
        InferShapes = v =>
        {
            var x = v.RequireShape(0);
            var y = v.RequireShape(1);
            if (!x.SequenceEqual(y)) throw v.Fail($"operands have shapes [{ShapeRules.Format(x)}] and [{ShapeRules.Format(y)}]; iqAdd needs identical shapes (no broadcasting).");
            return [x];
        },
        VenusLimits =
        [
            new("scale_o not finer than scale_x or scale_y (the chip cannot shift left here)", v =>
            {
                var a = v.Attributes;
                var o = a.Scale(AttributeNames.ScaleO);
                return o.Exponent > a.Scale(AttributeNames.ScaleX).Exponent || o.Exponent > a.Scale(AttributeNames.ScaleY).Exponent
                    ? $"scale_o {o} is finer than an input scale (scale_x {a.Scale(AttributeNames.ScaleX)}, scale_y {a.Scale(AttributeNames.ScaleY)})" : null;
            }),
        ],
    };
}
