namespace LingerNet.Analysis;

/// <summary>
/// How well a power-of-two int grid fits one tensor: the float values' range and spread, the scale the layer chose,
/// the share of values beyond the grid (saturated), and how many magnitude bits the integers leave unused.
/// </summary>
/// <param name="Min">Smallest float value.</param>
/// <param name="Max">Largest float value.</param>
/// <param name="Mean">Mean of the float values.</param>
/// <param name="Std">Standard deviation of the float values.</param>
/// <param name="ScaleExponent">The chosen Q exponent n (real = q / 2^n), or null when the tensor is not quantized.</param>
/// <param name="Bits">The integer width.</param>
/// <param name="ClippedShare">Share of values whose rounded q falls outside the signed range (0..1); for a layer that feeds
/// only a ReLU, negatives are not counted (the ReLU removes them anyway).</param>
/// <param name="MaxAbsInteger">max |q| of the integers the layer produced.</param>
/// <param name="UnusedBits">(bits − 1) − ⌈log2(max|q| + 1)⌉: magnitude bits never used (0 is ideal; 2 or more wastes resolution).</param>
/// <param name="Histogram">The float values' histogram.</param>
public sealed record TensorStatistics(
    double Min, double Max, double Mean, double Std, int? ScaleExponent, int Bits, double ClippedShare, long MaxAbsInteger, int UnusedBits, Histogram Histogram)
{
    /// <summary>The real range the grid covers: [−2^(bits−1), 2^(bits−1) − 1] / 2^n, or null when not quantized.</summary>
    public (double Low, double High)? ClipRange => ScaleExponent is int n
        ? (-Math.ScaleB(1.0, Bits - 1) / Math.ScaleB(1.0, n), (Math.ScaleB(1.0, Bits - 1) - 1) / Math.ScaleB(1.0, n))
        : null;

    /// <summary>max |x| / RMS (RMS = √(mean² + std²)): large values mean a few outliers set the scale and the bulk gets few levels.</summary>
    public double PeakToRms => Mean * Mean + Std * Std is var ms && ms > 0 ? Math.Max(Math.Abs(Min), Math.Abs(Max)) / Math.Sqrt(ms) : 0;
}
