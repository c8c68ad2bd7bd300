using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::Dequant</c>: int → float, <c>x·2^−q</c> in float32.</summary>
internal static class DequantContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.Dequant,
        Summary = "int → float32: x · 2^−q_o (float32).",
        Reference = "linger-spec §3.27, thinker-spec §2.3",
        Inputs = [new("x", ElementTypeRule.Of(OnnxDataTypes.Int8, OnnxDataTypes.Int16, OnnxDataTypes.Int32), "integers at scale_o") { Scale = ScaleRule.Attribute(AttributeNames.ScaleO) }],
        Outputs = [new("y", ElementTypeRule.Float, "float values")],
        Attributes = [AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "scale 2^q of the input integers")],
        InferShapes = ShapeRules.SameAsInput0,
        VenusLimits = [new("int8 or int16 input (the chip's int32 branch is broken)", v => v.Type(0) == OnnxDataTypes.Int32 ? "an int32 input cannot be dequantized" : null)],
    };
}
