using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Vectorised <c>SAT8(RSH(acc, s))</c> for int32 accumulators, equal to
/// <c>Saturation.ToInt8(RoundingShift.Right(acc, s))</c>: s = 0 keeps acc, s ≥ 32 gives 0, otherwise
/// t = acc &gt;&gt; (s − 1) keeps the half bit and (t &gt;&gt; 1) + (t &amp; 1) rounds half up without overflow.
/// </summary>
internal static class RequantizeFast
{
    public static sbyte[] Int32ToInt8(int[] acc, int shift)
    {
        var y = new sbyte[acc.Length];
        int i = 0;
        if (Vector128.IsHardwareAccelerated && shift < 32)
        {
            ref int a = ref MemoryMarshal.GetArrayDataReference(acc);
            ref sbyte d = ref MemoryMarshal.GetArrayDataReference(y);
            var lo = Vector128.Create(-128);
            var hi = Vector128.Create(127);
            for (; i + 16 <= acc.Length; i += 16)
            {
                var v0 = Shift(Vector128.LoadUnsafe(ref a, (nuint)i), shift);
                var v1 = Shift(Vector128.LoadUnsafe(ref a, (nuint)(i + 4)), shift);
                var v2 = Shift(Vector128.LoadUnsafe(ref a, (nuint)(i + 8)), shift);
                var v3 = Shift(Vector128.LoadUnsafe(ref a, (nuint)(i + 12)), shift);
                v0 = Vector128.Min(Vector128.Max(v0, lo), hi);
                v1 = Vector128.Min(Vector128.Max(v1, lo), hi);
                v2 = Vector128.Min(Vector128.Max(v2, lo), hi);
                v3 = Vector128.Min(Vector128.Max(v3, lo), hi);
                // Values are already in [−128, 127]: the truncating narrows are exact.
                var s01 = Vector128.Narrow(v0, v1);
                var s23 = Vector128.Narrow(v2, v3);
                Vector128.Narrow(s01, s23).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < acc.Length; i++) y[i] = Saturation.ToInt8(RoundingShift.Right(acc[i], shift));
        return y;
    }

    private static Vector128<int> Shift(Vector128<int> v, int s)
    {
        if (s == 0) return v;
        var t = Vector128.ShiftRightArithmetic(v, s - 1);
        return Vector128.ShiftRightArithmetic(t, 1) + (t & Vector128<int>.One);
    }
}
