using LingerNet.Numerics.Dialect;

namespace LingerNet.Runtime;

/// <summary>Options of <see cref="LingerRuntime.Load(string, LoadOptions?)"/>.</summary>
public sealed class LoadOptions
{
    /// <summary>
    /// What to check the model against. <see cref="ChipTarget.Venus"/> refuses every node the venus chip
    /// refuses or computes wrongly (kernel sizes, strides, chip defects; see docs/ops.md);
    /// <see cref="ChipTarget.Generic"/> runs linger's intended semantics. Null (the default) takes the
    /// target the file records (metadata <c>linger.target</c>, written by Linger.Export), else venus.
    /// </summary>
    public ChipTarget? Target { get; init; }
}
