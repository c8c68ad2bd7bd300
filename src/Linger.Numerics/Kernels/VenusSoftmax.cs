namespace LingerNet.Numerics.Kernels;

/// <summary>
/// SoftmaxInt as the venus chip computes it: thinker <c>softmaxint.h</c> brings the int8 input to Q25
/// (<c>SAT32(x·2^(25 − q_x))</c>), runs the HiFi <c>vec_softmax32x32</c> (Q25 in, Q15 out) per row and
/// requantizes <c>y = SAT8(RSH(p, 15 − q_o))</c> (thinker-spec §2.3 SoftmaxInt row). The softmax core follows
/// linger-spec §3.14 / thinker-spec §2.4 "Venus" (linger's emulation of <c>vec_softmax32x32</c>), per row:
/// <code>
/// d = SAT32(x − max);  X = SAT32(RSH(d·774541002, 31))       (774541002 = log2(e)·2^29: d·log2 e in Q23)
/// E = (X &gt;&gt; 23) + 1;  F = (X &amp; 0x7FFFFF) − 0x800000        (F ∈ [−1, 0) in Q23)
/// Y = p0; Y = RSH(Y·F, 23) + p_j, j = 1..4                    (2^F in Q23, p = 57364, 446161, 2008107, 5813551, 8388575)
/// e = trunc(Y·2^E)                                          (exp(d) in Q23)
/// S = Σ e (saturating int32);  n = nsa(S) − 8;  X = S·2^n   (X ∈ [0.5, 1) in Q23)
/// Y = 0xBB5000 − X; twice: E = 2·(0x400000 − RSH(X·Y, 23)); Y += RSH(Y·E, 23)   (Y ≈ 1/(2X), Newton–Raphson)
/// Y = Y·2^(n + 1) (right shifts truncate);  p = SAT32(RSH(Y·e, 31))   (Q15)
/// </code>
/// </summary>
/// <remarks>
/// There is no chip measurement of SoftmaxInt; this follows linger's emulation of the HiFi routine with
/// exact integer rounding shifts. linger evaluates the two largest products (<c>d·774541002</c>) in double,
/// which rounds products above 2^53 before the shift; the two differ only when such a product lies within
/// 2^(bits − 53) of a rounding tie (measured: no row of 100,000 random Q25 rows differs).
/// A row whose Σ exp(x − max) reaches 256 saturates S at 2^31 − 1, so its outputs are too large (the
/// chip's saturating sum); keep rows short or their values spread.
/// </remarks>
public static class VenusSoftmax
{
    /// <summary>Exponent of the softmax core's input (Q6.25).</summary>
    public const int InputExponent = 25;

    /// <summary>Exponent of the softmax core's output (Q16.15): probabilities in [0, 32768].</summary>
    public const int OutputExponent = 15;

    private const long Log2EQ29 = 774541002;
    private static readonly int[] ExpCoefficientsQ23 = [57364, 446161, 2008107, 5813551, 8388575];

    /// <summary>
    /// The Q25 input of one int8 value at exponent q_x: <c>SAT32(x·2^(25 − q_x))</c>.
    /// </summary>
    /// <exception cref="LingerException">q_x outside [−5, 25].</exception>
    public static int ToQ25(sbyte x, int qX)
    {
        if ((uint)(InputExponent - qX) > 30) CheckInputExponent(qX);
        return Saturation.ToInt32((long)x << (InputExponent - qX));
    }

    /// <summary>Refuses input exponents for which the chip's scale <c>1 &lt;&lt; (25 − q_x)</c> is not a valid int32 (q_x outside [−5, 25]).</summary>
    /// <exception cref="LingerException">q_x outside [−5, 25].</exception>
    public static void CheckInputExponent(int qX, string where = "SoftmaxInt")
    {
        if (qX is < -5 or > InputExponent)
            throw new LingerException(
                $"{where}: input exponent {qX} is outside [−5, 25]; the venus chip scales the input to Q25 by the int32 " +
                "multiplier 1 << (25 − q_x). Choose an input scale between 2^−5 and 2^25.");
    }

    /// <summary>The softmax core on one row: Q25 in, Q15 out (<c>vec_softmax32x32</c>).</summary>
    /// <exception cref="LingerException">An empty row or mismatched lengths.</exception>
    public static void SoftmaxQ25(ReadOnlySpan<int> x25, Span<int> y15)
    {
        KernelGuard.Positive(x25.Length, "row length", "SoftmaxInt");
        KernelGuard.Length(y15.Length, x25.Length, "output row", "SoftmaxInt");
        int max = x25[0];
        foreach (int v in x25) if (v > max) max = v;

        // exp(x − max) in Q23 for every element; held in the output row until the reciprocal is known.
        int sum = 0;
        for (int i = 0; i < x25.Length; i++)
        {
            int e = ExpQ23((int)Saturation.ToInt32((long)x25[i] - max));
            y15[i] = e;
            sum = (int)Saturation.ToInt32((long)sum + e); // add32s: saturating
        }

        int n = NormalizationShift(sum) - 8;
        int xn = n < 0 ? sum >> -n : (int)Saturation.ToInt32((long)sum << n);
        n += 1;
        int y = 0xBB5000 - xn; // seed ≈ 1/(2·xn) for xn ∈ [0.5, 1) in Q23
        for (int step = 0; step < 2; step++)
        {
            int err = 0x400000 - (int)RoundingShift.Right((long)xn * y, 23);
            err += err;
            y += (int)RoundingShift.Right((long)y * err, 23);
        }
        int reciprocal = n < 0 ? y >> -n : (int)Saturation.ToInt32((long)y << n);
        for (int i = 0; i < y15.Length; i++)
            y15[i] = (int)Saturation.ToInt32(RoundingShift.Right((long)reciprocal * y15[i], 31));
    }

    /// <summary>
    /// The whole op on int8 rows of <paramref name="rowLength"/> elements at exponent q_x: Q25, softmax,
    /// <c>SAT8(RSH(p, 15 − q_o))</c>. With <paramref name="minimumIsMask"/> an input of −128 is a mask
    /// (−∞, as linger's training treats values ≤ −128): its Q25 value is int32 min and its output 0.
    /// The chip has no masks: leave it false for chip semantics.
    /// </summary>
    /// <exception cref="LingerException">Mismatched lengths, q_x outside [−5, 25], or q_o &gt; 15.</exception>
    public static void Softmax(ReadOnlySpan<sbyte> x, int qX, Span<sbyte> y, int qO, int rowLength, bool minimumIsMask = false)
    {
        CheckInputExponent(qX);
        int outShift = KernelGuard.RightShift(OutputExponent, qO, "SoftmaxInt");
        KernelGuard.Positive(rowLength, "row length", "SoftmaxInt");
        if (x.Length % rowLength != 0)
            throw new LingerException($"SoftmaxInt: input has {x.Length} elements, not a multiple of the row length {rowLength}.");
        KernelGuard.Length(y.Length, x.Length, "output", "SoftmaxInt");
        int[] x25 = new int[rowLength], y15 = new int[rowLength];
        for (int row = 0; row < x.Length / rowLength; row++)
        {
            ReadOnlySpan<sbyte> xr = x.Slice(row * rowLength, rowLength);
            for (int i = 0; i < rowLength; i++)
                x25[i] = minimumIsMask && xr[i] == sbyte.MinValue ? int.MinValue : ToQ25(xr[i], qX);
            SoftmaxQ25(x25, y15);
            Span<sbyte> yr = y.Slice(row * rowLength, rowLength);
            for (int i = 0; i < rowLength; i++)
                yr[i] = Saturation.ToInt8(RoundingShift.Right(y15[i], outShift));
        }
    }

    /// <summary>exp(d) in Q23 for d ≤ 0 in Q25: base-2 exponent split into integer E and fraction F, 2^F by Horner.</summary>
    private static int ExpQ23(int d)
    {
        int x = (int)Saturation.ToInt32(RoundingShift.Right(d * Log2EQ29, 31));
        int e = (x >> 23) + 1;
        int f = (x & 0x7FFFFF) - 0x800000;
        long y = ExpCoefficientsQ23[0];
        for (int j = 1; j < ExpCoefficientsQ23.Length; j++)
            y = (int)RoundingShift.Right(y * f, 23) + ExpCoefficientsQ23[j];
        // (int)(Y·2^E) in C: truncation toward zero; E ≤ 1 because d ≤ 0.
        if (e >= 0) return (int)(y << e);
        int s = -e;
        if (s >= 63) return 0;
        return (int)(y >= 0 ? y >> s : -((-y) >> s));
    }

    /// <summary>
    /// HiFi <c>nsaz</c>: the number of left shifts that bring |v| to bit 30 (0 for 0 and int32 min).
    /// </summary>
    private static int NormalizationShift(int v)
    {
        if (v == 0 || v == int.MinValue) return 0;
        uint u = (uint)Math.Abs(v);
        return System.Numerics.BitOperations.LeadingZeroCount(u) - 1;
    }
}
