namespace LingerNet.Cli.Diagnostics;

/// <summary>The comparison of one tensor present in the first dump.</summary>
/// <param name="Name">The tensor name (the file name part before <c>##</c>).</param>
/// <param name="Shape">The shape from the file names (the first dump's, else the second's); null when neither has one.</param>
/// <param name="Status">One of <see cref="Equal"/>, <see cref="Differ"/>, <see cref="LengthDiffers"/>, <see cref="Missing"/>.</param>
/// <param name="Elements">Values in the first dump.</param>
/// <param name="ElementsB">Values in the second dump (0 when missing).</param>
/// <param name="Mismatches">Differing elements among the first min(Elements, ElementsB).</param>
/// <param name="MaxAbsDiff">The largest |a − b| over those elements.</param>
/// <param name="Positions">The first differing elements, up to the comparer's limit.</param>
internal sealed record TensorComparison(
    string Name, int[]? Shape, string Status, long Elements, long ElementsB, long Mismatches, double MaxAbsDiff, IReadOnlyList<MismatchPosition> Positions)
{
    /// <summary>Every element equal (within the tolerance).</summary>
    public const string Equal = "equal";

    /// <summary>Same element count, some element differs.</summary>
    public const string Differ = "differ";

    /// <summary>The element counts differ.</summary>
    public const string LengthDiffers = "length differs";

    /// <summary>The second dump has no tensor of that name.</summary>
    public const string Missing = "missing in B";

    /// <summary>Whether this tensor makes the dumps differ (missing tensors do not: dumps may cover different tensor sets).</summary>
    public bool IsDifferent => Status is Differ or LengthDiffers;
}
