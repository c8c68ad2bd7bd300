using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::Quant</c>: float → int8, <c>SAT8(floorf(x·2^q + 0.5))</c> in float32 (thinker-spec §2.1).</summary>
internal static class QuantContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.Quant,
        Summary = "float32 → int(data_bits): SAT(floorf(x·scale_x + 0.5)), computed in float32 as thinker's CPU code does.",
        Reference = "linger-spec §3.27, thinker-spec §2.1",
        Inputs = [new("x", ElementTypeRule.Float, "float input")],
        Outputs = [new("y", new ElementTypeRule.FromBits(AttributeNames.DataBits, 8, false), "integers at scale_x") { Scale = ScaleRule.Attribute(AttributeNames.ScaleX) }],
        Attributes =
        [
            AttributeContract.Req(AttributeNames.DataBits, AttributeKind.Int, "output bits"),
            AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "output scale 2^q"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
        ],
        InferShapes = ShapeRules.SameAsInput0,
        VenusLimits = [new("data_bits 8 (thinker's Quant always writes int8)", v => v.Attributes.Int(AttributeNames.DataBits, 8) == 8 ? null : $"data_bits {v.Attributes.Int(AttributeNames.DataBits)} is not 8")],
    };
}
