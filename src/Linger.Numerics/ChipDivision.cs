namespace LingerNet.Numerics;

/// <summary>
/// The venus hardware division (luna <c>luna_div_q31_int32</c>) as AvgPool2dInt uses it, and the
/// AvgPool2dInt window-sum requantization (chip-facts.md "AvgPool2dInt"): the quotient rounds to
/// nearest, but an exact .5 tie goes in a direction fixed by the divisor (measured with the chip
/// simulator, table <c>golden/venus-luna-div-tie-direction.json</c>, embedded here as data).
/// Power-of-two window areas use the ordinary half-up shift instead.
/// </summary>
public static class ChipDivision
{
    /// <summary>The smallest divisor whose tie direction was measured.</summary>
    public const int MinMeasuredDivisor = -128;

    /// <summary>The largest divisor whose tie direction was measured.</summary>
    public const int MaxMeasuredDivisor = 127;

    // Tie direction of every even divisor d in [-128, 126], one character per divisor, index (d + 128) / 2:
    // U = half up (toward +inf), A = away from zero, T = toward zero, '-' = d = 0 (no division).
    // Transcribed from golden/venus-luna-div-tie-direction.json; a test compares the two.
    private const string EvenDivisorTies =
        "UATTTATTTATTATAT" + // d = -128 .. -98
        "ATTAAAATTATTATTA" + // d = -96 .. -66
        "UTTTTTAAATAATTAT" + // d = -64 .. -34
        "UTTAAATAUTATUAUU" + // d = -32 .. -2
        "-UUAUTATUATAAATT" + // d = 0 .. 30
        "UTATTAATAAATTTTT" + // d = 32 .. 62
        "UATTAATATTAAATTT" + // d = 64 .. 94
        "AAATATTATATATATA" + // d = 96 .. 126
        "";

    /// <summary>
    /// Direction in which the chip rounds an exact .5 quotient n / <paramref name="divisor"/>.
    /// Odd divisors cannot produce a tie (reported as <see cref="TieDirection.HalfUp"/>).
    /// </summary>
    /// <exception cref="LingerException">The divisor is 0, or even and outside the measured range [−128, 126].</exception>
    public static TieDirection TieDirectionOf(int divisor)
    {
        if (divisor == 0) throw new LingerException("ChipDivision: division by zero.");
        if ((divisor & 1) != 0) return TieDirection.HalfUp;
        if (divisor < MinMeasuredDivisor || divisor > MaxMeasuredDivisor)
            throw new LingerException($"ChipDivision: the chip's tie rounding for the even divisor {divisor} was never measured (known for -128..126).");
        return EvenDivisorTies[(divisor + 128) / 2] switch
        {
            'U' => TieDirection.HalfUp,
            'A' => TieDirection.AwayFromZero,
            _ => TieDirection.TowardZero,
        };
    }

    /// <summary>True when the chip's tie direction is known for this divisor (all odd divisors, even ones in [−128, 126]).</summary>
    public static bool IsMeasured(int divisor) =>
        divisor != 0 && ((divisor & 1) != 0 || (divisor >= MinMeasuredDivisor && divisor <= MaxMeasuredDivisor));

    /// <summary>
    /// n / d rounded to the nearest integer; an exact .5 tie goes in the chip's direction for d
    /// (<see cref="TieDirectionOf"/>). Exact integer arithmetic, no floating point.
    /// </summary>
    public static long Divide(long numerator, int divisor)
    {
        TieDirection tie = TieDirectionOf(divisor);
        // Work with a positive divisor: n / d = (−n) / (−d).
        long n = divisor < 0 ? -numerator : numerator;
        long d = Math.Abs((long)divisor);
        long q = Math.DivRem(n, d, out long r);      // truncates toward zero; r has the sign of n
        if (r < 0) { q -= 1; r += d; }                // now q = floor(n / d), 0 ≤ r < d
        long twice = 2 * r;
        if (twice < d) return q;                      // fraction below .5: floor
        if (twice > d) return q + 1;                  // above .5: ceil
        // Exact tie: quotient = q + 0.5.
        return tie switch
        {
            TieDirection.HalfUp => q + 1,
            TieDirection.AwayFromZero => q >= 0 ? q + 1 : q,
            _ => q >= 0 ? q : q + 1,                  // toward zero
        };
    }

    /// <summary>
    /// AvgPool2dInt output for one window (thinker-spec §2.3, chip-facts.md): the window sum is held
    /// as int16 (<c>SAT16</c>); a power-of-two area k gives <c>SAT8(RSH(SAT16(sum), log2 k))</c>
    /// (scales not used); any other area gives <c>SAT8(div(SAT16(sum)·2^(q_o − q_x), k))</c> with the
    /// chip's tie rule. <paramref name="qOut"/> &lt; <paramref name="qIn"/> with a non-power-of-two
    /// area is a chip defect (the chip returns 0) and is refused here.
    /// </summary>
    /// <exception cref="LingerException">Non-power-of-two area with q_o &lt; q_x or q_o − q_x ≥ 32, or an unmeasured even area.</exception>
    public static sbyte AvgPoolWindow(long windowSum, int area, int qIn, int qOut)
    {
        long sum = Saturation.Clamp(windowSum, 16);
        if (area <= 0) throw new LingerException($"AvgPool: window area {area} must be positive.");
        if ((area & (area - 1)) == 0)
            return Saturation.ToInt8(RoundingShift.Right(sum, System.Numerics.BitOperations.Log2((uint)area)));
        int up = qOut - qIn;
        if (up < 0)
            throw new LingerException($"AvgPool: q_o = {qOut} < q_x = {qIn} with a non-power-of-two area {area}: the chip returns 0 (defect).");
        if (up >= 32)
            throw new LingerException($"AvgPool: q_o − q_x = {up} is too large.");
        return Saturation.ToInt8(Divide(sum << up, area));
    }
}
