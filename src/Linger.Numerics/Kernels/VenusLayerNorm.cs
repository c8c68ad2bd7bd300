namespace LingerNet.Numerics.Kernels;

/// <summary>
/// LayerNormInt as the venus chip computes it (chip-facts.md "LayerNormInt", thinker-spec §2.3 LayerNormInt
/// row, linger-spec §3.6), normalised value in Q10 (q_normal = 10). Per row of T int8 values at exponent q_x:
/// <code>
/// S1 = Σx, S2 = Σx²                                   (int32 on the chip: T·S2 must stay below 2^31)
/// D  = T·S2 − S1² + q_eps,  q_eps = floor(1e-5·2^(2·q_x)·T·T + 0.5)   (float32 arithmetic, as the chip)
/// r, s = rsqrt(D)                                     (768-entry Q15 table, highest even-aligned bit pair)
/// y10 = SAT16(RSH((T·x − S1)·r, s))                   (≈ 1024·(x − mean)/sqrt(var + eps))
/// y   = SAT8(RSH(y10·γ + β, 10 + q_γ − q_o))         (γ int16 at q_γ, β int32 at 10 + q_γ, 64-bit add)
/// </code>
/// The rows are the last one or two dims of the input, as the weight's size decides (<see cref="RowLayout"/>).
/// </summary>
public static class VenusLayerNorm
{
    /// <summary>The exponent of the normalised value y10 (Q10).</summary>
    public const int NormalizedExponent = 10;

    /// <summary>The chip's fixed epsilon (a float32 constant in thinker; the model's eps is not used).</summary>
    public const float Epsilon = 1e-5f;

    /// <summary>The number of entries of the rsqrt table (inputs 256..1023).</summary>
    public const int RsqrtTableSize = 768;

    /// <summary>
    /// The largest normalised size T for which no int8 row can overflow the chip's int32 <c>T·Σx²</c>:
    /// T·(T·128²) &lt; 2^31 ⟺ T ≤ 362. Larger T is only safe for rows with small values (<see cref="RowFitsInt32"/>).
    /// </summary>
    public const int MaxAlwaysSafeNormalizedSize = 362;

    private static readonly short[] Table = BuildTable();

    /// <summary>
    /// <c>TAB[i] = min(32767, floor(32768·sqrt(256 / (256 + i))))</c>, i = 0..767: 1/sqrt on [0.25, 1) in Q15
    /// (thinker <c>g_s16Table_sqrt_reciprocal</c>). Computed exactly in integers: the largest v with v²·(256 + i) ≤ 2^38.
    /// </summary>
    private static short[] BuildTable()
    {
        var t = new short[RsqrtTableSize];
        for (int i = 0; i < RsqrtTableSize; i++)
        {
            long den = 256 + i;
            long v = (long)Math.Sqrt((double)(1L << 38) / den);
            while (v * v * den > 1L << 38) v--;
            while ((v + 1) * (v + 1) * den <= 1L << 38) v++;
            t[i] = (short)Math.Min(32767, v);
        }
        return t;
    }

    /// <summary>The rsqrt table (<see cref="RsqrtTableSize"/> entries, Q15).</summary>
    public static ReadOnlySpan<short> RsqrtTable => Table;

    /// <summary>True when every int8 row of size T keeps the chip's <c>T·Σx²</c> below 2^31.</summary>
    public static bool IsNormalizedSizeAlwaysSafe(int t) => t > 0 && (long)t * t * 128 * 128 < 1L << 31;

    /// <summary>True when a row with Σx² = <paramref name="sumOfSquares"/> keeps <c>T·Σx²</c> below 2^31 (int32 on the chip).</summary>
    public static bool RowFitsInt32(int t, long sumOfSquares) => (long)t * sumOfSquares < 1L << 31;

    /// <summary>
    /// q_eps = floor(1e-5·2^(2·q_x)·T·T + 0.5), evaluated left to right in float32 as thinker does
    /// (<c>floor(eps * (1 &lt;&lt; (q_x * 2)) * T * T + 0.5f)</c> with a float eps).
    /// </summary>
    /// <exception cref="LingerException">q_x outside [0, 15] (the chip's <c>1 &lt;&lt; 2·q_x</c> is an int32).</exception>
    public static long QEpsilon(int qX, int t)
    {
        CheckInputExponent(qX);
        float v = Epsilon * (float)(1 << (2 * qX));
        v *= t;
        v *= t;
        v += 0.5f;
        return (long)MathF.Floor(v);
    }

    /// <summary>
    /// The chip's rsqrt: with p the lowest bit of the highest non-zero even-aligned bit pair of D,
    /// <c>t = D·2^(8 − p)</c> (right shifts truncate) lies in [256, 1024), <c>r = TAB[t − 256]</c> and the
    /// shift is <c>p/2 + 5</c>, so that <c>num·r / 2^shift ≈ 1024·num / sqrt(D)</c>. D = 0 gives r = 32767, shift 4.
    /// </summary>
    /// <exception cref="LingerException">D is negative or at least 2^48 (the chip's bit-pair search stops at bits 46–47).</exception>
    public static short Rsqrt(long d, out int shift)
    {
        if (d < 0 || d >= 1L << 48)
            throw new LingerException($"LayerNormInt: D = {d} is outside [0, 2^48), the range of the chip's rsqrt.");
        if (d == 0)
        {
            shift = 4;
            return Table[0];
        }
        int p = (63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)d)) & ~1;
        long t = p >= 8 ? d >> (p - 8) : d << (8 - p);
        shift = p / 2 + 5;
        return Table[t - 256];
    }

    /// <summary>
    /// Splits an input shape into rows × T the way the chip does: T is the last dim when the weight has
    /// that many elements, else the product of the last two dims when it has that many.
    /// (The chip also needs a ≥ 3-D input and a bias; that is the exporter's check.)
    /// </summary>
    /// <exception cref="LingerException">The weight size matches neither.</exception>
    public static (int Rows, int NormalizedSize) RowLayout(ReadOnlySpan<int> inputShape, int weightSize)
    {
        if (inputShape.Length == 0)
            throw new LingerException("LayerNormInt: the input is a scalar; it needs at least one dim to normalise.");
        long total = 1;
        foreach (int dim in inputShape) total *= dim;
        int last = inputShape[^1];
        long t;
        if (weightSize == last) t = last;
        else if (inputShape.Length >= 2 && weightSize == (long)last * inputShape[^2]) t = weightSize;
        else
            throw new LingerException(
                $"LayerNormInt: weight has {weightSize} elements; it must equal the last dim ({last}) or the product of the " +
                $"last two dims of the input [{string.Join(", ", inputShape.ToArray())}].");
        if (t <= 0)
            throw new LingerException("LayerNormInt: the normalised size is zero.");
        return ((int)(total / t), (int)t);
    }

    /// <summary>
    /// The Q10 normalised values of one row (<c>y10</c>), exactly as the chip's int16 intermediate.
    /// </summary>
    /// <exception cref="LingerException">An empty row, q_x outside [0, 15], or T·Σx² ≥ 2^31 (int32 overflow on the chip).</exception>
    public static void NormalizeRowQ10(ReadOnlySpan<sbyte> row, int qX, Span<short> y10)
    {
        int t = row.Length;
        KernelGuard.Positive(t, "normalised size T", "LayerNormInt");
        KernelGuard.Length(y10.Length, t, "Q10 output row", "LayerNormInt");
        long qEps = QEpsilon(qX, t);
        long s1 = 0, s2 = 0; // int32 on the chip; int64 here so the overflow can be detected
        foreach (sbyte v in row) { s1 += v; s2 += v * v; }
        if (!RowFitsInt32(t, s2))
            throw new LingerException(
                $"LayerNormInt: T·Σx² = {t}·{s2} = {(long)t * s2} reaches 2^31; the venus chip computes it in int32 and " +
                $"would overflow. Use a normalised size of at most {MaxAlwaysSafeNormalizedSize}, or a coarser input scale.");
        long d = t * s2 - s1 * s1 + qEps;
        int r = Rsqrt(d, out int shift);
        for (int i = 0; i < t; i++)
        {
            long num = t * row[i] - s1; // int32 on the chip (|num| ≤ 2·128·T)
            y10[i] = Saturation.ToInt16(RoundingShift.Right(num * r, shift));
        }
    }

    /// <summary>
    /// The whole op: x has rows × T int8 values at q_x (row-major, T = <paramref name="normalizedSize"/>),
    /// γ has T int16 values at q_γ, β has T int32 values at 10 + q_γ; y gets rows × T int8 values at q_o.
    /// </summary>
    /// <exception cref="LingerException">Mismatched lengths, a negative output shift (q_o &gt; 10 + q_γ), q_x outside [0, 15], or a row whose T·Σx² reaches 2^31.</exception>
    public static void Normalize(ReadOnlySpan<sbyte> x, int qX, ReadOnlySpan<short> gamma, int qGamma, ReadOnlySpan<int> beta,
                                 Span<sbyte> y, int qO, int normalizedSize)
    {
        int t = normalizedSize;
        KernelGuard.Positive(t, "normalised size T", "LayerNormInt");
        if (x.Length % t != 0)
            throw new LingerException($"LayerNormInt: input has {x.Length} elements, not a multiple of the normalised size {t}.");
        KernelGuard.Length(gamma.Length, t, "weight γ", "LayerNormInt");
        KernelGuard.Length(beta.Length, t, "bias β", "LayerNormInt");
        KernelGuard.Length(y.Length, x.Length, "output", "LayerNormInt");
        int outShift = KernelGuard.RightShift(NormalizedExponent + qGamma, qO, "LayerNormInt");
        CheckInputExponent(qX);
        Span<short> y10 = t <= 1024 ? stackalloc short[t] : new short[t];
        for (int row = 0; row < x.Length / t; row++)
        {
            NormalizeRowQ10(x.Slice(row * t, t), qX, y10);
            Span<sbyte> yRow = y.Slice(row * t, t);
            for (int i = 0; i < t; i++)
            {
                long acc = y10[i] * gamma[i] + (long)beta[i]; // int16·int16 exact in int32, bias added in 64 bits
                yRow[i] = Saturation.ToInt8(RoundingShift.Right(acc, outShift));
            }
        }
    }

    private static void CheckInputExponent(int qX)
    {
        if (qX is < 0 or > 15)
            throw new LingerException(
                $"LayerNormInt: input exponent {qX} is outside [0, 15]; the venus chip computes q_eps with the int32 " +
                "1 << (2·q_x). Choose an input scale between 2^0 and 2^15.");
    }
}
