using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Vector128 versions of the elementwise reference kernels (Relu, iqAdd, Quant, Dequant of int8):
/// the same formulas lane by lane, a scalar tail calls the reference formula.
/// </summary>
internal static class ElementwiseFastKernels
{
    /// <summary>Equals <see cref="ReluKernel.Run(sbyte[])"/>.</summary>
    /// <param name="x">The input.</param>
    /// <param name="into">Where to write (length of <paramref name="x"/>); a new array when null.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static sbyte[] Relu(sbyte[] x, sbyte[]? into = null)
    {
        var y = into ?? new sbyte[x.Length];
        int i = 0;
        ref sbyte s = ref MemoryMarshal.GetArrayDataReference(x);
        ref sbyte d = ref MemoryMarshal.GetArrayDataReference(y);
        for (; i + 16 <= x.Length; i += 16)
            Vector128.Max(Vector128.LoadUnsafe(ref s, (nuint)i), Vector128<sbyte>.Zero).StoreUnsafe(ref d, (nuint)i);
        for (; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : (sbyte)0;
        return y;
    }

    /// <summary>
    /// Equals <see cref="IqAddKernel.Run"/>: RSH of an int8 by s ≥ 8 is 0 (|x| ≤ 2^7), so int16 lanes
    /// hold every intermediate (the sum of two rescaled int8 values is within ±256). With
    /// <paramref name="relu"/>, also a following Relu (max with 0), as the runtime's fused Add → Relu does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static sbyte[] IqAdd(sbyte[] x, int shiftX, sbyte[] y, int shiftY, sbyte[]? into = null, bool relu = false)
    {
        var z = into ?? new sbyte[x.Length];
        int i = 0;
        ref sbyte xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref sbyte yr = ref MemoryMarshal.GetArrayDataReference(y);
        ref sbyte zr = ref MemoryMarshal.GetArrayDataReference(z);
        short floor = (short)(relu ? 0 : -128);
        if (Vector256.IsHardwareAccelerated)
        {
            var lo = Vector256.Create(floor);
            var hi = Vector256.Create((short)127);
            for (; i + 32 <= x.Length; i += 32)
            {
                var (x0, x1) = Vector256.Widen(Vector256.LoadUnsafe(ref xr, (nuint)i));
                var (y0, y1) = Vector256.Widen(Vector256.LoadUnsafe(ref yr, (nuint)i));
                var s0 = Vector256.Min(Vector256.Max(Rsh(x0, shiftX) + Rsh(y0, shiftY), lo), hi);
                var s1 = Vector256.Min(Vector256.Max(Rsh(x1, shiftX) + Rsh(y1, shiftY), lo), hi);
                Vector256.Narrow(s0, s1).StoreUnsafe(ref zr, (nuint)i);
            }
        }
        var lo128 = Vector128.Create(floor);
        var hi128 = Vector128.Create((short)127);
        for (; i + 16 <= x.Length; i += 16)
        {
            var (x0, x1) = Vector128.Widen(Vector128.LoadUnsafe(ref xr, (nuint)i));
            var (y0, y1) = Vector128.Widen(Vector128.LoadUnsafe(ref yr, (nuint)i));
            var s0 = Vector128.Min(Vector128.Max(Rsh(x0, shiftX) + Rsh(y0, shiftY), lo128), hi128);
            var s1 = Vector128.Min(Vector128.Max(Rsh(x1, shiftX) + Rsh(y1, shiftY), lo128), hi128);
            Vector128.Narrow(s0, s1).StoreUnsafe(ref zr, (nuint)i);
        }
        for (; i < x.Length; i++)
        {
            long sum = RoundingShift.RightSaturate(x[i], shiftX, 8) + RoundingShift.RightSaturate(y[i], shiftY, 8);
            z[i] = Saturation.ToInt8(relu ? Math.Max(0, sum) : sum);
        }
        return z;
    }

    private static Vector256<short> Rsh(Vector256<short> v, int s)
    {
        if (s <= 0) return v;
        if (s >= 8) return Vector256<short>.Zero;
        var t = Vector256.ShiftRightArithmetic(v, s - 1);
        return Vector256.ShiftRightArithmetic(t, 1) + (t & Vector256<short>.One);
    }

    private static Vector128<short> Rsh(Vector128<short> v, int s)
    {
        if (s <= 0) return v;
        if (s >= 8) return Vector128<short>.Zero;
        var t = Vector128.ShiftRightArithmetic(v, s - 1);
        return Vector128.ShiftRightArithmetic(t, 1) + (t & Vector128<short>.One);
    }

    /// <summary>
    /// Equals <see cref="QuantKernel.Run"/>: floorf(x·2^q + 0.5) in float32 (multiply, then add: two
    /// roundings, as the scalar code), NaN → 0, clamped to int8.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static sbyte[] Quant(float[] x, Pow2Scale scale, sbyte[]? into = null)
    {
        var y = into ?? new sbyte[x.Length];
        int i = 0;
        float f = scale.FloatValue;
        ref float xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref sbyte yr = ref MemoryMarshal.GetArrayDataReference(y);
        var sv = Vector128.Create(f);
        var half = Vector128.Create(0.5f);
        var lo = Vector128.Create(-128f);
        var hi = Vector128.Create(127f);
        for (; i + 16 <= x.Length; i += 16)
        {
            var q0 = Q(Vector128.LoadUnsafe(ref xr, (nuint)i), sv, half, lo, hi);
            var q1 = Q(Vector128.LoadUnsafe(ref xr, (nuint)(i + 4)), sv, half, lo, hi);
            var q2 = Q(Vector128.LoadUnsafe(ref xr, (nuint)(i + 8)), sv, half, lo, hi);
            var q3 = Q(Vector128.LoadUnsafe(ref xr, (nuint)(i + 12)), sv, half, lo, hi);
            Vector128.Narrow(Vector128.Narrow(q0, q1), Vector128.Narrow(q2, q3)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < x.Length; i++) y[i] = (sbyte)Rounding.QuantizeFloat32(x[i], scale, 8);
        return y;
    }

    private static Vector128<int> Q(Vector128<float> x, Vector128<float> s, Vector128<float> half, Vector128<float> lo, Vector128<float> hi)
    {
        var v = Vector128.Floor(Vector128.Add(Vector128.Multiply(x, s), half));
        v = Vector128.ConditionalSelect(Vector128.Equals(v, v), v, Vector128<float>.Zero); // NaN → 0
        return Vector128.ConvertToInt32(Vector128.Min(Vector128.Max(v, lo), hi));
    }

    /// <summary>Equals <see cref="DequantKernel.Run"/> on int8: x · (1/2^q) in float32 (int8 → float is exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Dequant(sbyte[] x, Pow2Scale scale, float[]? into = null)
    {
        float inv = (float)Math.ScaleB(1.0, -scale.Exponent);
        var y = into ?? new float[x.Length];
        int i = 0;
        ref sbyte xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref float yr = ref MemoryMarshal.GetArrayDataReference(y);
        var iv = Vector128.Create(inv);
        for (; i + 16 <= x.Length; i += 16)
        {
            var (s0, s1) = Vector128.Widen(Vector128.LoadUnsafe(ref xr, (nuint)i));
            var (a, b) = Vector128.Widen(s0);
            var (c, d) = Vector128.Widen(s1);
            (Vector128.ConvertToSingle(a) * iv).StoreUnsafe(ref yr, (nuint)i);
            (Vector128.ConvertToSingle(b) * iv).StoreUnsafe(ref yr, (nuint)(i + 4));
            (Vector128.ConvertToSingle(c) * iv).StoreUnsafe(ref yr, (nuint)(i + 8));
            (Vector128.ConvertToSingle(d) * iv).StoreUnsafe(ref yr, (nuint)(i + 12));
        }
        for (; i < x.Length; i++) y[i] = x[i] * inv;
        return y;
    }
}
