using LingerNet.Numerics.Dialect.Contracts;
using LingerNet.Numerics.Kernels;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::Requant</c> (linger-spec §2.5, §3.27; chip-facts "Requant").</summary>
internal static class RequantContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.Requant,
        Summary = "Changes bit width and scale: SAT(RSH(x, q_x − q_o)) when coarser, SAT(x·2^(q_o − q_x)) when finer.",
        Reference = "linger-spec §2.5, §3.27; chip-facts Requant",
        Inputs = [CommonPorts.DataX],
        Outputs = [new("y", new ElementTypeRule.FromBits(AttributeNames.OBits, 8, false), "int(o_bits) at scale_o") { Scale = ScaleRule.Attribute(AttributeNames.ScaleO) }],
        Attributes =
        [
            AttributeContract.Req(AttributeNames.DataBits, AttributeKind.Int, "input bits (8, 16 or 32)"),
            AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "input scale 2^q_x"),
            AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "output scale 2^q_o"),
            AttributeContract.Req(AttributeNames.OBits, AttributeKind.Int, "output bits (8, 16 or 32)"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
        ],
        InferShapes = v =>
        {
            var a = v.Attributes;
            try
            {
                Requant.Validate((int)a.Int(AttributeNames.DataBits), a.Scale(AttributeNames.ScaleX).Exponent, (int)a.Int(AttributeNames.OBits),
                    a.Scale(AttributeNames.ScaleO).Exponent, RequantSemantics.Generic, v.Where);
            }
            catch (LingerException e) { throw new LingerException(e.Message); }
            return ShapeRules.SameAsInput0(v);
        },
        VenusLimits =
        [
            new("int8 input; 8 → 8 up-scale ≤ 6 bits; widening only to a finer scale that fits the target", v =>
            {
                var a = v.Attributes;
                try
                {
                    Requant.Validate((int)a.Int(AttributeNames.DataBits), a.Scale(AttributeNames.ScaleX).Exponent, (int)a.Int(AttributeNames.OBits),
                        a.Scale(AttributeNames.ScaleO).Exponent, RequantSemantics.Venus, "Requant");
                    return null;
                }
                catch (LingerException e) { return e.Message; }
            }),
        ],
    };
}
