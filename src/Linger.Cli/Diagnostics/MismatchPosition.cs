namespace LingerNet.Cli.Diagnostics;

/// <summary>One differing element of a tensor.</summary>
/// <param name="Index">The flat (row-major) index.</param>
/// <param name="NdIndex">The index per dimension, when the shape is known; else null.</param>
/// <param name="A">The value in the first dump.</param>
/// <param name="B">The value in the second dump.</param>
internal sealed record MismatchPosition(long Index, int[]? NdIndex, double A, double B);
