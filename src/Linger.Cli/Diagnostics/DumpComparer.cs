namespace LingerNet.Cli.Diagnostics;

/// <summary>
/// Compares two dumps in thinker's text format the way thinker's tvalidator does (thinker-spec §1.3): tensors
/// matched by the name before <c>##</c>, walked in the first dump's production order, so that the first
/// differing tensor is where the two engines start to disagree; everything after it may only inherit the error.
/// </summary>
internal static class DumpComparer
{
    /// <summary>How many differing positions are kept per tensor (tvalidator shows 16).</summary>
    public const int DefaultPositions = 16;

    /// <summary>Compares every tensor of <paramref name="a"/> with the same-named tensor of <paramref name="b"/>.</summary>
    /// <param name="a">The first dump (its order is used).</param>
    /// <param name="b">The second dump.</param>
    /// <param name="tolerance">Largest |a − b| still counted as equal (0: exact; integer tensors should use 0).</param>
    /// <param name="positions">How many differing positions to keep per tensor.</param>
    /// <exception cref="LingerException">No tensor name is common to both dumps, or a file is malformed.</exception>
    public static DumpDiff Compare(DumpFolder a, DumpFolder b, double tolerance = 0, int positions = DefaultPositions)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var inB = b.Files.ToDictionary(f => f.Name, StringComparer.Ordinal);
        if (!a.Files.Any(f => inB.ContainsKey(f.Name)))
            throw new LingerException(
                $"the dumps '{a.Path}' and '{b.Path}' have no tensor name in common (names are the file names before '##'): nothing to compare.");
        var tensors = new List<TensorComparison>(a.Files.Count);
        foreach (var fa in a.Files)
        {
            var va = DumpFolder.ReadValues(fa);
            if (!inB.TryGetValue(fa.Name, out var fb))
            {
                tensors.Add(new TensorComparison(fa.Name, fa.Shape, TensorComparison.Missing, va.Values.Length, 0, 0, 0, []));
                continue;
            }
            tensors.Add(CompareTensor(fa, va, fb, DumpFolder.ReadValues(fb), tolerance, positions));
        }
        var namesA = a.Files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var onlyInB = b.Files.Where(f => !namesA.Contains(f.Name)).Select(f => f.Name).ToList();
        return new DumpDiff(a.Path, b.Path, a.OrderSource, tensors, onlyInB);
    }

    /// <summary>Compares two tensors' values; mismatch positions are reported against <paramref name="fa"/>'s shape.</summary>
    public static TensorComparison CompareTensor(DumpFile fa, DumpValues va, DumpFile fb, DumpValues vb, double tolerance, int positions)
    {
        int n = Math.Min(va.Values.Length, vb.Values.Length);
        var shape = ShapeFor(fa.Shape, va.Values.Length) ?? ShapeFor(fb.Shape, va.Values.Length) ?? fa.Shape ?? fb.Shape;
        long mismatches = 0;
        double maxDiff = 0;
        var first = new List<MismatchPosition>();
        bool exact = va.Integers is not null && vb.Integers is not null;
        for (int i = 0; i < n; i++)
        {
            double x = va.Values[i], y = vb.Values[i];
            // Integers compare exactly as longs (doubles lose precision above 2^53); |diff| is only reported.
            bool differs = exact ? va.Integers![i] != vb.Integers![i] : !(Math.Abs(x - y) <= tolerance);
            if (!differs) continue;
            mismatches++;
            double d = Math.Abs(x - y);
            if (d > maxDiff || double.IsNaN(d)) maxDiff = d;
            if (first.Count < positions) first.Add(new MismatchPosition(i, Unravel(i, shape), x, y));
        }
        string status = va.Values.Length != vb.Values.Length ? TensorComparison.LengthDiffers
            : mismatches > 0 ? TensorComparison.Differ : TensorComparison.Equal;
        return new TensorComparison(fa.Name, shape, status, va.Values.Length, vb.Values.Length, mismatches, maxDiff, first);
    }

    /// <summary>The row-major index per dimension of flat index <paramref name="index"/>; null when the shape is unknown or does not fit.</summary>
    public static int[]? Unravel(long index, int[]? shape)
    {
        if (shape is null || shape.Length == 0) return null;
        var nd = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] <= 0) return null;
            nd[d] = (int)(index % shape[d]);
            index /= shape[d];
        }
        return index == 0 ? nd : null;
    }

    private static int[]? ShapeFor(int[]? shape, long elements) =>
        shape is not null && shape.Aggregate(1L, (p, d) => p * d) == elements ? shape : null;
}
