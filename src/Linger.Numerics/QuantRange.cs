namespace LingerNet.Numerics;

/// <summary>Signed symmetric integer ranges: bits b hold [−2^(b−1), 2^(b−1) − 1].</summary>
public static class QuantRange
{
    /// <summary>2^(bits−1) − 1: 127 for 8 bits, 32767 for 16, 2^31 − 1 for 32.</summary>
    public static long Bound(int bits) => (1L << (bits - 1)) - 1;

    /// <summary>The smallest value, −2^(bits−1).</summary>
    public static long Min(int bits) => -(1L << (bits - 1));

    /// <summary>The largest value, 2^(bits−1) − 1.</summary>
    public static long Max(int bits) => (1L << (bits - 1)) - 1;

    /// <summary>Throws unless bits is one of the widths the chip stores (4, 8, 16, 32).</summary>
    public static void CheckBits(int bits, string where)
    {
        if (bits is not (4 or 8 or 16 or 32))
            throw new LingerException($"{where}: {bits} bits is not supported (4, 8, 16 or 32).");
    }
}
