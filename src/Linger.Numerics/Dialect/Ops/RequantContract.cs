using LingerNet.Numerics.Dialect.Contracts;
using LingerNet.Numerics.Kernels;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::Requant</c> (linger-spec §2.5, §3.27; chip-facts "Requant"; kernel <see cref="Kernels.Requant"/>).</summary>
internal static class RequantContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.Requant,
        Summary = "int(data_bits) at scale_x → int(o_bits) at scale_o: SAT(RSH(x, q_x − q_o)) or SAT(x·2^(q_o − q_x)). Venus: int8 input only; 8→8 up-scale ≤ 6 bits; 8→16/32 an unsaturated left shift that must fit.",
        Reference = "linger-spec §2.5, §3.27; chip-facts Requant; thinker-spec §2.3",
        Inputs = [new("x", new ElementTypeRule.FromBits(AttributeNames.DataBits, 8, false), "integers at scale_x") { Scale = ScaleRule.Attribute(AttributeNames.ScaleX) }],
        Outputs = [new("y", new ElementTypeRule.FromBits(AttributeNames.OBits, 8, false), "integers at scale_o") { Scale = ScaleRule.Attribute(AttributeNames.ScaleO) }],
        Attributes =
        [
            AttributeContract.Req(AttributeNames.DataBits, AttributeKind.Int, "input bits 8/16/32"),
            AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "input scale 2^q_x"),
            AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "output scale 2^q_o"),
            AttributeContract.Req(AttributeNames.OBits, AttributeKind.Int, "output bits 8/16/32"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
        ],
        InferShapes = ShapeRules.SameAsInput0,
        VenusLimits =
        [
            new("int8 input; 8→8 up-scale ≤ 6 bits; 8→16/32 only left shifts that fit the target (no narrowing)", v =>
            {
                var a = v.Attributes;
                try
                {
                    Kernels.Requant.Validate(a.Bits(AttributeNames.DataBits), a.Scale(AttributeNames.ScaleX).Exponent,
                        a.Bits(AttributeNames.OBits), a.Scale(AttributeNames.ScaleO).Exponent, RequantSemantics.Venus, "Requant");
                    return null;
                }
                catch (LingerException e)
                {
                    return e.Message.StartsWith("Requant: ", StringComparison.Ordinal) ? e.Message["Requant: ".Length..] : e.Message;
                }
            }),
        ],
    };
}
