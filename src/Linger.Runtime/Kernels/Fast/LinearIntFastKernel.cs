using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Fast <see cref="LinearIntKernel"/>: dot products of a row of x with four weight rows at a time,
/// summed in int32 per <see cref="PackedLinearWeights.Chunk"/> inputs (exact, see there) and then in
/// int64 with the bias, so the accumulators equal the reference's exact 64-bit sums.
/// </summary>
internal static class LinearIntFastKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long[] Accumulate(sbyte[] x, int m, PackedLinearWeights w, int[]? bias, KernelPath path)
    {
        if (path == KernelPath.Reference) throw new ArgumentException("the reference path has its own kernel", nameof(path));
        int n = w.N, nPad = w.NPad, l = w.L;
        var acc = new long[m * l];
        var dots = new int[4];
        Span<long> total = stackalloc long[4];
        short[]? x16 = path == KernelPath.AvxVnni ? null : ArrayPool<short>.Shared.Rent(nPad);
        byte[]? xu8 = path == KernelPath.AvxVnni ? ArrayPool<byte>.Shared.Rent(nPad) : null;
        try
        {
            for (int i = 0; i < m; i++)
            {
                var row = x.AsSpan(i * n, n);
                if (x16 is not null)
                {
                    Widen(row, x16);
                    x16.AsSpan(n, nPad - n).Clear();
                }
                else
                {
                    FlipSign(row, xu8!);
                }
                for (int j = 0; j < l; j += 4)
                {
                    int rows = Math.Min(4, l - j);
                    total.Clear();
                    for (int c = 0; c < w.Chunks; c++)
                    {
                        int k0 = c * PackedLinearWeights.Chunk, k1 = Math.Min(nPad, k0 + PackedLinearWeights.Chunk);
                        switch (path)
                        {
                            case KernelPath.Avx2: DotAvx2(x16!, w.Rows16, j, rows, nPad, k0, k1, dots); break;
                            case KernelPath.AvxVnni: DotVnni(xu8!, w.Rows8, j, rows, nPad, k0, k1, dots); break;
                            default: DotVector128(x16!, w.Rows16, j, rows, nPad, k0, k1, dots); break;
                        }
                        for (int r = 0; r < rows; r++)
                            total[r] += path == KernelPath.AvxVnni ? unchecked(dots[r] - w.Correction[(j + r) * w.Chunks + c]) : dots[r];
                    }
                    for (int r = 0; r < rows; r++)
                        acc[i * l + j + r] = total[r] + (bias is null ? 0 : bias[j + r]);
                }
            }
        }
        finally
        {
            if (x16 is not null) ArrayPool<short>.Shared.Return(x16);
            if (xu8 is not null) ArrayPool<byte>.Shared.Return(xu8);
        }
        return acc;
    }

    /// <summary>dst[k] = src[k] + 128 as a byte (the VNNI operand), 32 at a time.</summary>
    private static void FlipSign(ReadOnlySpan<sbyte> src, byte[] dst)
    {
        ref byte s = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(src));
        ref byte d = ref MemoryMarshal.GetArrayDataReference(dst);
        var flip = Vector256.Create((byte)0x80);
        int k = 0;
        for (; k + 32 <= src.Length; k += 32) (Vector256.LoadUnsafe(ref s, (nuint)k) ^ flip).StoreUnsafe(ref d, (nuint)k);
        for (; k < src.Length; k++) dst[k] = (byte)(src[k] ^ 0x80);
    }

    /// <summary>dst[k] = src[k] sign-extended to int16, 16 at a time.</summary>
    private static void Widen(ReadOnlySpan<sbyte> src, short[] dst)
    {
        ref sbyte s = ref MemoryMarshal.GetReference(src);
        ref short d = ref MemoryMarshal.GetArrayDataReference(dst);
        int k = 0;
        for (; k + 16 <= src.Length; k += 16)
        {
            var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref s, (nuint)k));
            lo.StoreUnsafe(ref d, (nuint)k);
            hi.StoreUnsafe(ref d, (nuint)(k + 8));
        }
        for (; k < src.Length; k++) dst[k] = src[k];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotAvx2(short[] x, short[] w, int j, int rows, int nPad, int k0, int k1, int[] dots)
    {
        ref short xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref short wr = ref MemoryMarshal.GetArrayDataReference(w);
        // Rows past L reuse row j: their sums are computed and ignored.
        nuint r0 = (nuint)(j * nPad), r1 = (nuint)((j + Math.Min(1, rows - 1)) * nPad),
              r2 = (nuint)((j + Math.Min(2, rows - 1)) * nPad), r3 = (nuint)((j + Math.Min(3, rows - 1)) * nPad);
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int k = k0; k < k1; k += 16)
        {
            var xv = Vector256.LoadUnsafe(ref xr, (nuint)k);
            a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(xv, Vector256.LoadUnsafe(ref wr, r0 + (nuint)k)));
            a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(xv, Vector256.LoadUnsafe(ref wr, r1 + (nuint)k)));
            a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(xv, Vector256.LoadUnsafe(ref wr, r2 + (nuint)k)));
            a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(xv, Vector256.LoadUnsafe(ref wr, r3 + (nuint)k)));
        }
        dots[0] = Vector256.Sum(a0); dots[1] = Vector256.Sum(a1); dots[2] = Vector256.Sum(a2); dots[3] = Vector256.Sum(a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotVnni(byte[] x, sbyte[] w, int j, int rows, int nPad, int k0, int k1, int[] dots)
    {
        ref byte xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref sbyte wr = ref MemoryMarshal.GetArrayDataReference(w);
        nuint r0 = (nuint)(j * nPad), r1 = (nuint)((j + Math.Min(1, rows - 1)) * nPad),
              r2 = (nuint)((j + Math.Min(2, rows - 1)) * nPad), r3 = (nuint)((j + Math.Min(3, rows - 1)) * nPad);
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int k = k0; k < k1; k += 32)
        {
            var xv = Vector256.LoadUnsafe(ref xr, (nuint)k);
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, xv, Vector256.LoadUnsafe(ref wr, r0 + (nuint)k));
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, xv, Vector256.LoadUnsafe(ref wr, r1 + (nuint)k));
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, xv, Vector256.LoadUnsafe(ref wr, r2 + (nuint)k));
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, xv, Vector256.LoadUnsafe(ref wr, r3 + (nuint)k));
        }
        dots[0] = Vector256.Sum(a0); dots[1] = Vector256.Sum(a1); dots[2] = Vector256.Sum(a2); dots[3] = Vector256.Sum(a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotVector128(short[] x, short[] w, int j, int rows, int nPad, int k0, int k1, int[] dots)
    {
        ref short xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref short wr = ref MemoryMarshal.GetArrayDataReference(w);
        for (int r = 0; r < rows; r++)
        {
            nuint ro = (nuint)((j + r) * nPad);
            Vector128<int> a = default, b = default;
            for (int k = k0; k < k1; k += 8)
            {
                // |x·w| ≤ 2^14 fits int16 exactly.
                var (p, q) = Vector128.Widen(Vector128.LoadUnsafe(ref xr, (nuint)k) * Vector128.LoadUnsafe(ref wr, ro + (nuint)k));
                a += p; b += q;
            }
            dots[r] = Vector128.Sum(a + b);
        }
    }
}
