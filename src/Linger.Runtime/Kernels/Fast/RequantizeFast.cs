using System.Runtime.CompilerServices;
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
        RowToInt8(acc, null, shift, y);
        return y;
    }

    /// <summary>
    /// dst = SAT8(RSH(SAT32(src + bias), shift)), or without the bias add when <paramref name="bias"/> is null.
    /// The saturating add: the wrapped sum overflowed iff src and bias share a sign the sum lacks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowToInt8(ReadOnlySpan<int> src, int? bias, int shift, Span<sbyte> dst)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated && shift < 32)
        {
            ref int a = ref MemoryMarshal.GetReference(src);
            ref sbyte d = ref MemoryMarshal.GetReference(dst);
            var lo = Vector128.Create(-128);
            var hi = Vector128.Create(127);
            var b = Vector128.Create(bias ?? 0);
            var sat = Vector128.Create((bias ?? 0) >= 0 ? int.MaxValue : int.MinValue);
            bool hasBias = bias is not null;
            for (; i + 16 <= src.Length; i += 16)
            {
                var v0 = Vector128.LoadUnsafe(ref a, (nuint)i);
                var v1 = Vector128.LoadUnsafe(ref a, (nuint)(i + 4));
                var v2 = Vector128.LoadUnsafe(ref a, (nuint)(i + 8));
                var v3 = Vector128.LoadUnsafe(ref a, (nuint)(i + 12));
                if (hasBias)
                {
                    v0 = AddSaturating(v0, b, sat); v1 = AddSaturating(v1, b, sat);
                    v2 = AddSaturating(v2, b, sat); v3 = AddSaturating(v3, b, sat);
                }
                v0 = Vector128.Min(Vector128.Max(Shift(v0, shift), lo), hi);
                v1 = Vector128.Min(Vector128.Max(Shift(v1, shift), lo), hi);
                v2 = Vector128.Min(Vector128.Max(Shift(v2, shift), lo), hi);
                v3 = Vector128.Min(Vector128.Max(Shift(v3, shift), lo), hi);
                // Values are already in [−128, 127]: the truncating narrows are exact.
                Vector128.Narrow(Vector128.Narrow(v0, v1), Vector128.Narrow(v2, v3)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < src.Length; i++)
        {
            long v = bias is int bb ? Saturation.ToInt32((long)src[i] + bb) : src[i];
            dst[i] = Saturation.ToInt8(RoundingShift.Right(v, shift));
        }
    }

    /// <summary>SAT32(v + b) per lane; <paramref name="sat"/> is int.MaxValue where b ≥ 0, else int.MinValue (the wrapped sum overflowed iff v and b share a sign the sum lacks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> AddSaturating(Vector128<int> v, Vector128<int> b, Vector128<int> sat)
    {
        var s = v + b;
        var overflow = Vector128.ShiftRightArithmetic((v ^ s) & (b ^ s), 31);
        return Vector128.ConditionalSelect(overflow, sat, s);
    }

    /// <inheritdoc cref="AddSaturating(Vector128{int}, Vector128{int}, Vector128{int})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> AddSaturating(Vector256<int> v, Vector256<int> b, Vector256<int> sat)
    {
        var s = v + b;
        var overflow = Vector256.ShiftRightArithmetic((v ^ s) & (b ^ s), 31);
        return Vector256.ConditionalSelect(overflow, sat, s);
    }

    /// <summary>RSH(v, s) per lane: rounds half up without overflow for any v; s ≤ 0 keeps v, s ≥ 32 gives 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> Shift(Vector128<int> v, int s)
    {
        if (s >= 32) return Vector128<int>.Zero;
        if (s <= 0) return v;
        var t = Vector128.ShiftRightArithmetic(v, s - 1);
        return Vector128.ShiftRightArithmetic(t, 1) + (t & Vector128<int>.One);
    }

    /// <inheritdoc cref="Shift(Vector128{int}, int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> Shift(Vector256<int> v, int s)
    {
        if (s >= 32) return Vector256<int>.Zero;
        if (s <= 0) return v;
        var t = Vector256.ShiftRightArithmetic(v, s - 1);
        return Vector256.ShiftRightArithmetic(t, 1) + (t & Vector256<int>.One);
    }
}
