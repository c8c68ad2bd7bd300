namespace LingerNet.Numerics.Dialect;

/// <summary>
/// What a model is exported for and checked against. <see cref="Venus"/> enforces the chip's limits and
/// refuses every configuration the chip computes wrongly (chip-facts.md); <see cref="Generic"/> runs
/// linger's intended integer semantics for every op, for other targets and for checking.
/// </summary>
public enum ChipTarget
{
    /// <summary>The CSK60xx venus chip: limits and defects refused (the default).</summary>
    Venus,

    /// <summary>linger's intended semantics, no chip limits.</summary>
    Generic,
}
