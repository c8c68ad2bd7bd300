using System.Numerics;
using System.Runtime.InteropServices;

namespace LingerNet.Modules;

/// <summary>
/// Element-wise float32 loops of the fast time loops, vectorized with <see cref="Vector{T}"/>. Each operation rounds once,
/// exactly as the libtorch tensor op it replaces (IEEE add, subtract, multiply; .NET never contracts them into a fused
/// multiply-add), so every lane and the scalar tail give the reference loop's values bit for bit.
/// </summary>
internal static class FloatLoops
{
    /// <summary>dst = a + b.</summary>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
    {
        int n = Check(dst, a, b), i = 0;
        ref float ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b), rd = ref MemoryMarshal.GetReference(dst);
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref ra, (nuint)i) + Vector.LoadUnsafe(ref rb, (nuint)i), ref rd, (nuint)i);
        for (; i < n; i++) dst[i] = a[i] + b[i];
    }

    /// <summary>dst = a + b·c, the product rounded first (two tensor ops in the reference).</summary>
    public static void AddProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> dst)
    {
        int n = Check(dst, a, b, c), i = 0;
        ref float ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b), rc = ref MemoryMarshal.GetReference(c), rd = ref MemoryMarshal.GetReference(dst);
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref ra, (nuint)i) + Vector.LoadUnsafe(ref rb, (nuint)i) * Vector.LoadUnsafe(ref rc, (nuint)i), ref rd, (nuint)i);
        for (; i < n; i++) dst[i] = a[i] + b[i] * c[i];
    }

    /// <summary>dst = a·b.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
    {
        int n = Check(dst, a, b), i = 0;
        ref float ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b), rd = ref MemoryMarshal.GetReference(dst);
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref ra, (nuint)i) * Vector.LoadUnsafe(ref rb, (nuint)i), ref rd, (nuint)i);
        for (; i < n; i++) dst[i] = a[i] * b[i];
    }

    /// <summary>The GRU's update in linger's form, dst = n + z·(h − n).</summary>
    public static void Interpolate(ReadOnlySpan<float> n, ReadOnlySpan<float> z, ReadOnlySpan<float> h, Span<float> dst)
    {
        int len = Check(dst, n, z, h), i = 0;
        ref float rn = ref MemoryMarshal.GetReference(n), rz = ref MemoryMarshal.GetReference(z), rh = ref MemoryMarshal.GetReference(h), rd = ref MemoryMarshal.GetReference(dst);
        for (; i <= len - Vector<float>.Count; i += Vector<float>.Count)
        {
            var vn = Vector.LoadUnsafe(ref rn, (nuint)i);
            Vector.StoreUnsafe(vn + Vector.LoadUnsafe(ref rz, (nuint)i) * (Vector.LoadUnsafe(ref rh, (nuint)i) - vn), ref rd, (nuint)i);
        }
        for (; i < len; i++) dst[i] = n[i] + z[i] * (h[i] - n[i]);
    }

    /// <summary>The chip GRU's update, dst = z·h·factor + (1 − z)·n.</summary>
    public static void ChipInterpolate(ReadOnlySpan<float> n, ReadOnlySpan<float> z, ReadOnlySpan<float> h, float factor, Span<float> dst)
    {
        int len = Check(dst, n, z, h), i = 0;
        ref float rn = ref MemoryMarshal.GetReference(n), rz = ref MemoryMarshal.GetReference(z), rh = ref MemoryMarshal.GetReference(h), rd = ref MemoryMarshal.GetReference(dst);
        var vf = new Vector<float>(factor);
        for (; i <= len - Vector<float>.Count; i += Vector<float>.Count)
        {
            var vz = Vector.LoadUnsafe(ref rz, (nuint)i);
            Vector.StoreUnsafe(vz * Vector.LoadUnsafe(ref rh, (nuint)i) * vf + (Vector<float>.One - vz) * Vector.LoadUnsafe(ref rn, (nuint)i), ref rd, (nuint)i);
        }
        for (; i < len; i++) dst[i] = z[i] * h[i] * factor + (1f - z[i]) * n[i];
    }

    /// <summary>A state kept past a row's length: dst = prev + (next − prev)·m.</summary>
    public static void MaskedUpdate(ReadOnlySpan<float> prev, ReadOnlySpan<float> next, float m, Span<float> dst)
    {
        int n = Check(dst, prev, next), i = 0;
        ref float rp = ref MemoryMarshal.GetReference(prev), rn = ref MemoryMarshal.GetReference(next), rd = ref MemoryMarshal.GetReference(dst);
        var vm = new Vector<float>(m);
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            var vp = Vector.LoadUnsafe(ref rp, (nuint)i);
            Vector.StoreUnsafe(vp + (Vector.LoadUnsafe(ref rn, (nuint)i) - vp) * vm, ref rd, (nuint)i);
        }
        for (; i < n; i++) dst[i] = prev[i] + (next[i] - prev[i]) * m;
    }

    /// <summary>The vector at <paramref name="at"/> (checked: 0 ≤ at ≤ length − lanes).</summary>
    public static Vector<float> Load(ReadOnlySpan<float> s, int at)
    {
        if (at < 0 || at > s.Length - Vector<float>.Count) throw new ArgumentOutOfRangeException(nameof(at));
        return Vector.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)at);
    }

    /// <summary>Writes <paramref name="v"/> at <paramref name="at"/> (checked likewise).</summary>
    public static void Store(Vector<float> v, Span<float> s, int at)
    {
        if (at < 0 || at > s.Length - Vector<float>.Count) throw new ArgumentOutOfRangeException(nameof(at));
        Vector.StoreUnsafe(v, ref MemoryMarshal.GetReference(s), (nuint)at);
    }

    private static int Check(Span<float> dst, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c = default)
    {
        int n = dst.Length;
        if (a.Length < n || b.Length < n || (!c.IsEmpty && c.Length < n)) throw new ArgumentException("span shorter than the destination");
        return n;
    }
}
