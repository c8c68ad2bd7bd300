namespace LingerNet.Quantization;

/// <summary>Options of <see cref="LingerNet.Linger.Init"/>: the bit widths linger's <c>init</c> uses by default.</summary>
public sealed record LingerOptions
{
    /// <summary>Activation (input) bits of quantized layers. linger fixes 8.</summary>
    public int DataBits { get; init; } = 8;

    /// <summary>Weight bits (4 or 8 on venus).</summary>
    public int ParameterBits { get; init; } = 8;

    /// <summary>Output bits of quantized layers; null keeps their output in float. linger's init uses 8.</summary>
    public int? OutBits { get; init; } = 8;

    /// <summary>Refuse layer configurations the venus chip cannot run (kernel 1..5, stride 1/2/4, padding ≤ 4, no dilation).</summary>
    public bool CheckVenusLimits { get; init; } = true;
}
