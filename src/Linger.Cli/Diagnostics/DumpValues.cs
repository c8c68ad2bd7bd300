namespace LingerNet.Cli.Diagnostics;

/// <summary>The values of one dumped tensor.</summary>
/// <param name="Values">Every value as a double.</param>
/// <param name="Integers">The exact values when every line is an integer; null when some value has a decimal point.</param>
internal sealed record DumpValues(double[] Values, long[]? Integers);
