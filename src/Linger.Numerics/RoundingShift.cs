namespace LingerNet.Numerics;

/// <summary>
/// Luna's requantization primitive RSH(v, s) = floor(v / 2^s + 0.5): an arithmetic right shift that
/// rounds half toward +∞ (−3 RSH 1 = −1, 3 RSH 1 = 2). Every rescale between power-of-two scales on
/// the chip is this shift followed by a saturation.
/// </summary>
public static class RoundingShift
{
    /// <summary>
    /// floor(v / 2^s + 0.5). A shift s ≤ 0 returns v unchanged (the chip never shifts left here);
    /// s ≥ 64 gives 0 (|v| ≤ 2^63 ≤ 2^(s−1), so v / 2^s + 0.5 lies in [0, 1)).
    /// </summary>
    public static long Right(long v, int s)
    {
        if (s <= 0) return v;
        if (s >= 64) return 0;
        // (v >> (s-1)) keeps the half bit; adding 1 and shifting once more rounds half up.
        long t = v >> (s - 1);
        return (t >> 1) + (t & 1);
    }

    /// <summary>RSH then saturation to <paramref name="bits"/> signed bits.</summary>
    public static long RightSaturate(long v, int s, int bits) => Saturation.Clamp(Right(v, s), bits);

    /// <summary>
    /// Rescales an integer from exponent <paramref name="fromExponent"/> to <paramref name="toExponent"/>:
    /// a rounding right shift when the target is coarser, an exact left shift when it is finer,
    /// then saturation to <paramref name="bits"/>.
    /// </summary>
    public static long Rescale(long v, int fromExponent, int toExponent, int bits)
    {
        int s = fromExponent - toExponent;
        if (s >= 0) return Saturation.Clamp(Right(v, s), bits);
        int left = -s;
        if (left >= 62) return v == 0 ? 0 : (v > 0 ? QuantRange.Max(bits) : QuantRange.Min(bits));
        long limit = long.MaxValue >> left;
        if (v > limit) return QuantRange.Max(bits);
        if (v < -limit) return QuantRange.Min(bits);
        return Saturation.Clamp(v << left, bits);
    }
}
