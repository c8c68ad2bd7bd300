namespace LingerNet.Analysis;

/// <summary>Counts of values in equal-width bins over [<see cref="Low"/>, <see cref="High"/>].</summary>
/// <param name="Low">The lower edge of the first bin.</param>
/// <param name="High">The upper edge of the last bin.</param>
/// <param name="Counts">Values per bin.</param>
public sealed record Histogram(double Low, double High, long[] Counts)
{
    /// <summary>The width of one bin.</summary>
    public double BinWidth => Counts.Length == 0 ? 0 : (High - Low) / Counts.Length;
}
