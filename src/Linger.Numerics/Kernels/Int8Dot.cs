using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LingerNet.Numerics.Kernels;

/// <summary>
/// The exact dot product Σ a[k]·b[k] of two int8 vectors. Each product fits int16 (|a·b| ≤ 2^14) and up to
/// 2^16 of them fit int32, so the vector lanes sum blocks of that many in int32 and the blocks add up in
/// int64: the same integer as a plain 64-bit loop, for any length.
/// </summary>
public static class Int8Dot
{
    private const int Block = 1 << 16;

    /// <summary>Σ a[k]·b[k] over the common length (the spans must have equal lengths).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"lengths differ: {a.Length} and {b.Length}.", nameof(b));
        long total = 0;
        for (int start = 0; start < a.Length; start += Block)
        {
            int n = Math.Min(Block, a.Length - start);
            total += BlockDot(a.Slice(start, n), b.Slice(start, n));
        }
        return total;
    }

    /// <summary>At most 2^16 products: every partial sum fits int32.</summary>
    private static int BlockDot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        ref sbyte ar = ref MemoryMarshal.GetReference(a);
        ref sbyte br = ref MemoryMarshal.GetReference(b);
        int k = 0, sum = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= 32)
        {
            var acc = Vector256<int>.Zero;
            for (; k + 32 <= a.Length; k += 32)
            {
                var (a0, a1) = Vector256.Widen(Vector256.LoadUnsafe(ref ar, (nuint)k));
                var (b0, b1) = Vector256.Widen(Vector256.LoadUnsafe(ref br, (nuint)k));
                var (p0, p1) = Vector256.Widen(a0 * b0);
                var (q0, q1) = Vector256.Widen(a1 * b1);
                acc += (p0 + p1) + (q0 + q1);
            }
            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && a.Length >= 16)
        {
            var acc = Vector128<int>.Zero;
            for (; k + 16 <= a.Length; k += 16)
            {
                var (a0, a1) = Vector128.Widen(Vector128.LoadUnsafe(ref ar, (nuint)k));
                var (b0, b1) = Vector128.Widen(Vector128.LoadUnsafe(ref br, (nuint)k));
                var (p0, p1) = Vector128.Widen(a0 * b0);
                var (q0, q1) = Vector128.Widen(a1 * b1);
                acc += (p0 + p1) + (q0 + q1);
            }
            sum = Vector128.Sum(acc);
        }
        for (; k < a.Length; k++) sum += a[k] * b[k];
        return sum;
    }
}
