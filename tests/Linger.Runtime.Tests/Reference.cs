using System.Numerics;

namespace LingerNet.Runtime.Tests;

/// <summary>Deliberately simple reference arithmetic, straight from the spec's formulas, in BigInteger.</summary>
internal static class Reference
{
    /// <summary>floor(a / b) for b &gt; 0.</summary>
    public static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(a, b, out var r);
        return r < 0 ? q - 1 : q;
    }

    /// <summary>RSH(v, s) = floor(v / 2^s + 1/2) = floor((2v + 2^s) / 2^(s+1)); s ≤ 0 → v.</summary>
    public static BigInteger Rsh(BigInteger v, int s) => s <= 0 ? v : FloorDiv(2 * v + BigInteger.Pow(2, s), BigInteger.Pow(2, s + 1));

    public static long Sat(BigInteger v, int bits)
    {
        BigInteger lo = -BigInteger.Pow(2, bits - 1), hi = BigInteger.Pow(2, bits - 1) - 1;
        return (long)(v < lo ? lo : v > hi ? hi : v);
    }

    public static sbyte Sat8(BigInteger v) => (sbyte)Sat(v, 8);

    public static sbyte[] RandomInt8(Random r, int n)
    {
        var a = new sbyte[n];
        for (int i = 0; i < n; i++) a[i] = (sbyte)r.Next(-128, 128);
        return a;
    }

    public static int[] RandomInt32(Random r, int n, int magnitude)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = r.Next(-magnitude, magnitude);
        return a;
    }

    public static long[] L(params int[] dims) => dims.Select(d => (long)d).ToArray();
}
