using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary>Ports and attributes that many op contracts share, written once.</summary>
internal static class CommonPorts
{
    /// <summary>The quantized data input at <c>data_bits</c>, scale <c>scale_x</c>.</summary>
    public static PortContract DataX { get; } = new("x", new ElementTypeRule.FromBits(AttributeNames.DataBits, 8, false), "quantized input at scale_x")
    {
        Scale = ScaleRule.Attribute(AttributeNames.ScaleX),
    };

    /// <summary>An int8 input at <c>scale_x</c> (ops without data_bits).</summary>
    public static PortContract Int8X { get; } = new("x", ElementTypeRule.Int8, "int8 input at scale_x") { Scale = ScaleRule.Attribute(AttributeNames.ScaleX) };

    /// <summary>A layer's weight at <c>parameter_bits</c>, scale <c>scale_w</c>.</summary>
    public static PortContract Weight(string meaning) =>
        new("W", new ElementTypeRule.FromBits(AttributeNames.ParameterBits, 8, false), meaning) { Constant = true };

    /// <summary>The optional int32 bias at exponent q_x + q_w.</summary>
    public static PortContract Bias { get; } = new("b", ElementTypeRule.Int32, "int32 bias at scale_x·scale_w") { Constant = true, Optional = true };

    /// <summary>A layer output: int(o_bits) at scale_o, or float32 acc/2^(q_x+q_w) without o_bits.</summary>
    public static PortContract LayerOutput { get; } = new("y", new ElementTypeRule.FromBits(AttributeNames.OBits, 8, true), "int(o_bits) at scale_o; float32 without o_bits")
    {
        Scale = ScaleRule.Attribute(AttributeNames.ScaleO),
    };

    /// <summary>An int8 output at <c>scale_o</c>.</summary>
    public static PortContract Int8Out { get; } = new("y", ElementTypeRule.Int8, "int8 at scale_o") { Scale = ScaleRule.Attribute(AttributeNames.ScaleO) };

    /// <summary>A data-movement output: the input's type and scale.</summary>
    public static PortContract PassThroughOut { get; } = new("y", new ElementTypeRule.SameAs(0), "same type and scale as x") { Scale = new ScaleRule.SameAsInput(0) };

    /// <summary>A data-movement input: int8 (at its producer's scale) or float32.</summary>
    public static PortContract PassThroughX { get; } = new("x", ElementTypeRule.Int8OrFloat, "int8 or float32");

    /// <summary>The attributes every layer with a weight carries (linger-spec §6.3).</summary>
    public static IReadOnlyList<AttributeContract> LayerAttributes { get; } =
    [
        AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "input scale 2^q_x"),
        AttributeContract.Req(AttributeNames.ScaleW, AttributeKind.Float, "weight scale 2^q_w"),
        AttributeContract.Opt(AttributeNames.ScaleO, AttributeKind.Float, "output scale 2^q_o; absent: float output"),
        AttributeContract.Opt(AttributeNames.DataBits, AttributeKind.Int, "input bits, default 8"),
        AttributeContract.Opt(AttributeNames.ParameterBits, AttributeKind.Int, "weight bits, default 8"),
        AttributeContract.Opt(AttributeNames.OBits, AttributeKind.Int, "output bits; absent: float output"),
        AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\" (never read by the chip)"),
    ];

    /// <summary>Geometry attributes of 2-D window ops.</summary>
    public static IReadOnlyList<AttributeContract> Window2dAttributes(bool kernelRequired) =>
    [
        new(AttributeNames.KernelShape, AttributeKind.Ints, kernelRequired, "[kh, kw]"),
        AttributeContract.Opt(AttributeNames.Strides, AttributeKind.Ints, "[sh, sw], default 1"),
        AttributeContract.Opt(AttributeNames.Pads, AttributeKind.Ints, "[top, left, bottom, right], default 0"),
    ];

    /// <summary>o_bits 8, 16 (SAT16) or 32 (the shifted accumulator), or absent: what the CNN engine writes.</summary>
    public static VenusLimit LayerOutputBits { get; } = new("o_bits 8, 16 or 32 (or float output)",
        v => v.Attributes.Int(AttributeNames.OBits, 8) is 8 or 16 or 32 ? null : $"o_bits {v.Attributes.Int(AttributeNames.OBits)} is not 8, 16 or 32");

    /// <summary>o_bits 8 only (what the chip's integer ops produce), or absent.</summary>
    public static VenusLimit Int8Output { get; } = new("o_bits 8 (or float output)",
        v => v.Attributes.Int(AttributeNames.OBits, 8) == 8 ? null : $"o_bits {v.Attributes.Int(AttributeNames.OBits)} is not 8");
}
