using LingerNet.Numerics.Dialect.Contracts;
using LingerNet.Numerics.Kernels;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::iqSigmoid</c> and <c>thinker::iqTanh</c> (linger-spec §3.17; chip-facts "iqSigmoid / iqTanh").</summary>
internal static class IqSigmoidTanhContract
{
    public static OpContract Sigmoid { get; } = Make(OpTypes.IqSigmoid, "sigmoid", "[0, 127]");

    public static OpContract Tanh { get; } = Make(OpTypes.IqTanh, "tanh", "[−128, 127]");

    private static OpContract Make(string opType, string fn, string range) => new()
    {
        OpType = opType,
        Summary = $"Q7 {fn} {range} from the Q11 table: x brought to Q11 (SAT16(RSH(x, q_x − 11)); below Q11 linger shifts left), scale_o = 128.",
        Reference = "linger-spec §3.17; chip-facts iqSigmoid / iqTanh",
        Inputs = [new("x", ElementTypeRule.Of(OnnxDataTypes.Int16, OnnxDataTypes.Int8), "int16 at scale_x (after the 8 → 16-bit Requant), or int8") { Scale = ScaleRule.Attribute(AttributeNames.ScaleX) }],
        Outputs = [new("y", ElementTypeRule.Int8, "int8 at Q7") { Scale = ScaleRule.Attribute(AttributeNames.ScaleO) }],
        Attributes =
        [
            AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "input scale 2^q_x"),
            AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "128 (Q7)"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
            AttributeContract.Opt(AttributeNames.CastorMode, AttributeKind.String, "\"luna\""),
        ],
        InferShapes = v =>
        {
            var so = v.Attributes.Scale(AttributeNames.ScaleO);
            if (so.Exponent != VenusSigmoidTanh.OutputExponent) throw v.Fail($"scale_o must be 128 (Q7), is {so}.");
            return ShapeRules.SameAsInput0(v);
        },
        VenusLimits =
        [
            new("int16 input at scale_x ≥ 2^11 (the chip does not shift a finer-than-Q11 input left)", v =>
            {
                if (v.Type(0) == OnnxDataTypes.Int8) return "int8 input: the chip's iqSigmoid/iqTanh take int16; put the 8 → 16-bit Requant in front";
                int q = v.Attributes.Scale(AttributeNames.ScaleX).Exponent;
                return q < VenusSigmoidTanh.TableInputExponent
                    ? $"int16 input at scale 2^{q} is below Q11: the venus chip feeds it to the tables unscaled and computes a wrong {fn}. " +
                      $"The int8 producer's output exponent must be at least {VenusSigmoidTanh.TableInputExponent - VenusSigmoidTanh.Int8ToInt16Shift} (|x| ≤ 16): clamp the producer's output (Linger.Constrain) or scale the input down"
                    : null;
            }),
        ],
    };
}
