namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>
/// The venus rules (thinker-spec §3.7 packer assertions and chip-facts.md defects), one list per kind
/// of op. Op contracts take their <see cref="OpContract.VenusLimits"/> from here; Init checks a module
/// against the same rules (through the node it would export), and the runtime loader checks every node
/// of a file loaded for venus.
/// </summary>
public static class VenusLimitTable
{
    /// <summary>Largest kernel side on venus.</summary>
    public const int MaxKernel = 5;

    /// <summary>Largest padding on venus.</summary>
    public const int MaxPad = 4;

    /// <summary>Strides venus's CNN engine runs.</summary>
    public static readonly long[] Strides = [1, 2, 4];

    /// <summary>Conv2d-style windows: kernel, stride, padding and dilation rules shared by Conv2dInt and the pools.</summary>
    public static IReadOnlyList<VenusLimit> Window2d(bool dilationAllowed = false) =>
    [
        new("kernel 1..5", v => Each(v, AttributeNames.KernelShape, null, k => k is < 1 or > MaxKernel, "kernel {0} is outside 1..5")),
        new("stride 1, 2 or 4", v => Each(v, AttributeNames.Strides, [1, 1], s => !Strides.Contains(s), "stride {0} is not 1, 2 or 4")),
        new("kernel ≥ stride", v => Pairwise(v, (k, s) => k < s, AttributeNames.Strides, "kernel {0} is smaller than its stride {1}")),
        new("padding ≤ 4", v => Each(v, AttributeNames.Pads, [0, 0, 0, 0], p => p > MaxPad, "padding {0} exceeds 4")),
        new("padding < kernel", v => PadsBelowKernel(v)),
        .. dilationAllowed ? Array.Empty<VenusLimit>() : [new VenusLimit("no dilation", v => Each(v, AttributeNames.Dilations, [1, 1], d => d != 1, "dilation {0} is rejected"))],
    ];

    /// <summary>8-bit activations in and out of an integer op (what venus runs everywhere).</summary>
    public static VenusLimit Int8Data { get; } = new("data_bits 8",
        v => v.Attributes.Int(AttributeNames.DataBits, 8) == 8 ? null : $"data_bits {v.Attributes.Int(AttributeNames.DataBits)} is not 8");

    /// <summary>Weights of 4 or 8 bits.</summary>
    public static VenusLimit WeightBits { get; } = new("parameter_bits 4 or 8",
        v => v.Attributes.Int(AttributeNames.ParameterBits, 8) is 4 or 8 ? null : $"parameter_bits {v.Attributes.Int(AttributeNames.ParameterBits)} is not 4 or 8");

    private static string? Each(NodeView v, string attr, long[]? fallback, Func<long, bool> bad, string message)
    {
        var a = v.Attributes;
        if (!a.Has(attr) && fallback is null) return null;
        foreach (var x in a.Ints(attr, fallback ?? []))
            if (bad(x)) return string.Format(System.Globalization.CultureInfo.InvariantCulture, message, x);
        return null;
    }

    private static string? Pairwise(NodeView v, Func<long, long, bool> bad, string other, string message)
    {
        var a = v.Attributes;
        if (!a.Has(AttributeNames.KernelShape)) return null;
        var k = a.Ints(AttributeNames.KernelShape);
        var o = a.Ints(other, Enumerable.Repeat(1L, k.Length).ToArray());
        for (int i = 0; i < Math.Min(k.Length, o.Length); i++)
            if (bad(k[i], o[i])) return string.Format(System.Globalization.CultureInfo.InvariantCulture, message, k[i], o[i]);
        return null;
    }

    private static string? PadsBelowKernel(NodeView v)
    {
        var a = v.Attributes;
        if (!a.Has(AttributeNames.KernelShape)) return null;
        var k = a.Ints(AttributeNames.KernelShape);
        var p = a.Ints(AttributeNames.Pads, new long[2 * k.Length]);
        for (int i = 0; i < p.Length; i++)
            if (p[i] >= k[i % k.Length]) return $"padding {p[i]} is not smaller than the kernel {k[i % k.Length]}";
        return null;
    }
}
