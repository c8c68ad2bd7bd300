namespace LingerNet.Numerics.Kernels;

/// <summary>
/// LogSoftmaxInt per linger-spec §3.15: the int8 input goes to Q25 as for SoftmaxInt
/// (<c>SAT32(x·2^(25 − q_x))</c>), then per row
/// <c>y25 = clamp(floor(2^25·log_softmax(x25 / 2^25) + 0.5), −2^31, 0)</c> (Q25 in, Q25 out, ≤ 0),
/// and the int8 output is <c>SAT8(RSH(y25, 25 − q_o))</c>.
/// </summary>
/// <remarks>
/// No chip measurement exists for LogSoftmaxInt, and the chip's routine (HiFi <c>vec_softmax32x32</c>
/// then <c>vec_logn_32x32</c>, thinker-spec §2.3) is not available as an exact algorithm. linger 1.x's
/// kernel is in a binary that is not public; linger-spec §3.15 prescribes this formula ("implement as
/// round(2^25·log_softmax) and accept ±few LSB"). It is evaluated in double as
/// <c>(x − max) − ln Σ exp(x_j − max)</c>, which is exact to far below one Q25 step, so results are
/// deterministic except where a value lies within a double rounding error of a half-LSB tie.
/// Expect the chip to differ from this by a few Q25 LSB (invisible after the int8 requantization in
/// almost all cases, but not bit-exact by construction).
/// </remarks>
public static class LogSoftmaxInt
{
    /// <summary>Exponent of the input and output of the log-softmax core (Q25).</summary>
    public const int CoreExponent = 25;

    /// <summary>The log-softmax core on one row: Q25 in, Q25 out (all values ≤ 0).</summary>
    /// <exception cref="LingerException">An empty row or mismatched lengths.</exception>
    public static void LogSoftmaxQ25(ReadOnlySpan<int> x25, Span<int> y25)
    {
        KernelGuard.Positive(x25.Length, "row length", "LogSoftmaxInt");
        KernelGuard.Length(y25.Length, x25.Length, "output row", "LogSoftmaxInt");
        int max = x25[0];
        foreach (int v in x25) if (v > max) max = v;
        double scale = Math.ScaleB(1.0, -CoreExponent);
        double sum = 0;
        foreach (int v in x25) sum += Math.Exp(((long)v - max) * scale);
        double logSum = Math.Log(sum);
        for (int i = 0; i < x25.Length; i++)
        {
            double y = (((long)x25[i] - max) * scale - logSum) * (1L << CoreExponent);
            y25[i] = (int)Math.Clamp(Math.Floor(y + 0.5), int.MinValue, 0);
        }
    }

    /// <summary>
    /// The whole op on int8 rows of <paramref name="rowLength"/> elements at exponent q_x; output int8 at q_o.
    /// </summary>
    /// <exception cref="LingerException">Mismatched lengths, q_x outside [−5, 25], or q_o &gt; 25.</exception>
    public static void LogSoftmax(ReadOnlySpan<sbyte> x, int qX, Span<sbyte> y, int qO, int rowLength)
    {
        VenusSoftmax.CheckInputExponent(qX, "LogSoftmaxInt");
        int outShift = KernelGuard.RightShift(CoreExponent, qO, "LogSoftmaxInt");
        KernelGuard.Positive(rowLength, "row length", "LogSoftmaxInt");
        if (x.Length % rowLength != 0)
            throw new LingerException($"LogSoftmaxInt: input has {x.Length} elements, not a multiple of the row length {rowLength}.");
        KernelGuard.Length(y.Length, x.Length, "output", "LogSoftmaxInt");
        int[] x25 = new int[rowLength], y25 = new int[rowLength];
        for (int row = 0; row < x.Length / rowLength; row++)
        {
            ReadOnlySpan<sbyte> xr = x.Slice(row * rowLength, rowLength);
            for (int i = 0; i < rowLength; i++) x25[i] = VenusSoftmax.ToQ25(xr[i], qX);
            LogSoftmaxQ25(x25, y25);
            Span<sbyte> yr = y.Slice(row * rowLength, rowLength);
            for (int i = 0; i < rowLength; i++)
                yr[i] = Saturation.ToInt8(RoundingShift.Right(y25[i], outShift));
        }
    }
}
