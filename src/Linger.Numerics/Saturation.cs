namespace LingerNet.Numerics;

/// <summary>Saturation (clamping) to a signed n-bit range, luna's SAT_n.</summary>
public static class Saturation
{
    /// <summary>Clamps v to [−2^(bits−1), 2^(bits−1) − 1].</summary>
    public static long Clamp(long v, int bits)
    {
        long lo = QuantRange.Min(bits), hi = QuantRange.Max(bits);
        return v < lo ? lo : v > hi ? hi : v;
    }

    /// <summary>SAT8.</summary>
    public static sbyte ToInt8(long v) => (sbyte)(v < sbyte.MinValue ? sbyte.MinValue : v > sbyte.MaxValue ? sbyte.MaxValue : v);

    /// <summary>SAT16.</summary>
    public static short ToInt16(long v) => (short)(v < short.MinValue ? short.MinValue : v > short.MaxValue ? short.MaxValue : v);

    /// <summary>SAT32.</summary>
    public static int ToInt32(long v) => (int)(v < int.MinValue ? int.MinValue : v > int.MaxValue ? int.MaxValue : v);
}
