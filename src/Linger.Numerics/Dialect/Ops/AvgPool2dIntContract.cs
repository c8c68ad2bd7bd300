using System.Numerics;
using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::AvgPool2dInt</c> (linger-spec §3.10, chip-facts "AvgPool2dInt").</summary>
internal static class AvgPool2dIntContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.AvgPool2dInt,
        Summary = "Window sum (pads add 0, divisor always kh·kw): power-of-two area → SAT8(RSH(SAT16(sum), log2 k)); other areas → the chip's divide (ties by divisor, ChipDivision) to scale_o.",
        Reference = "linger-spec §3.10; chip-facts AvgPool2dInt",
        Inputs = [CommonPorts.Int8X],
        Outputs = [new("y", ElementTypeRule.Int8, "int8 at scale_o (default scale_x)") { Scale = new ScaleRule.FromAttribute(AttributeNames.ScaleO, Fallback: AttributeNames.ScaleX) }],
        Attributes =
        [
            .. CommonPorts.Window2dAttributes(kernelRequired: true),
            AttributeContract.Opt(AttributeNames.CeilMode, AttributeKind.Int, "ignored (floor shapes, as the packer)"),
            AttributeContract.Opt(AttributeNames.DataBits, AttributeKind.Int, "input bits"),
            AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "input scale"),
            AttributeContract.Opt(AttributeNames.ScaleO, AttributeKind.Float, "output scale, default scale_x"),
            AttributeContract.Opt(AttributeNames.OBits, AttributeKind.Int, "output bits (8)"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
        ],
        InferShapes = v => [ShapeRules.Window2d(v, v.RequireShape(0).ElementAtOrDefault(1))],
        VenusLimits =
        [
            new("kernel 1..5, stride 1/2/4, kernel ≥ stride, padding < kernel (a global pool without padding may be larger)", Window),
            new("a global pool over a non-power-of-two area must be < 128 (the chip truncates the divisor to int8)", v =>
                IsGlobal(v) && Area(v) is var k && !BitOperations.IsPow2(k) && k >= 128 ? $"global average over area {k}" : null),
            new("scale_o = scale_x for power-of-two areas (the chip ignores the scales there)", v =>
                BitOperations.IsPow2(Area(v)) && v.Attributes.OptionalScale(AttributeNames.ScaleO) is { } o && o != v.Attributes.Scale(AttributeNames.ScaleX) ? $"scale_o {o} differs from scale_x" : null),
            new("scale_o not coarser than scale_x for non-power-of-two areas (the chip returns 0)", v =>
                !BitOperations.IsPow2(Area(v)) && v.Attributes.OptionalScale(AttributeNames.ScaleO) is { } o && o.Exponent < v.Attributes.Scale(AttributeNames.ScaleX).Exponent ? $"scale_o {o} is coarser than scale_x" : null),
        ],
    };

    private static int Area(NodeView v)
    {
        var k = v.Attributes.Ints(AttributeNames.KernelShape);
        return k.Length == 2 ? checked((int)(k[0] * k[1])) : 0;
    }

    /// <summary>A window that covers the whole (unpadded) input.</summary>
    private static bool IsGlobal(NodeView v)
    {
        var x = v.Shape(0);
        var k = v.Attributes.Ints(AttributeNames.KernelShape);
        return x is { Length: 4 } && k.Length == 2 && k[0] == x[2] && k[1] == x[3] && ShapeRules.Pads2d(v.Attributes).All(p => p == 0);
    }

    private static string? Window(NodeView v)
    {
        // A global pool (window = input) may be larger than 5; before shapes are known (Init) that cannot be ruled out.
        if (IsGlobal(v) || (v.Shape(0) is null && ShapeRules.Pads2d(v.Attributes).All(p => p == 0))) return null;
        foreach (var limit in VenusLimitTable.Window2d())
            if (limit.Check(v) is { } why) return why;
        return null;
    }
}
