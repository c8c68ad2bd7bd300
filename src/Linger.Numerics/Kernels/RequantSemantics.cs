namespace LingerNet.Numerics.Kernels;

/// <summary>Which definition of an op a kernel computes: the venus chip's, or what linger intends.</summary>
public enum RequantSemantics
{
    /// <summary>
    /// The venus chip (chip-facts.md "Requant"): int8 input only; 8 → 8 rounds/saturates, up-scales
    /// limited to 6 bits; 8 → 16/32 is an unsaturated left shift that must fit the target.
    /// </summary>
    Venus,

    /// <summary>
    /// linger's intended semantics (linger-spec §2.5, §3.27): any pair of widths 8/16/32, re-quantized
    /// with round-half-up right shifts or exact left shifts, saturated to the target width.
    /// </summary>
    Generic,
}
