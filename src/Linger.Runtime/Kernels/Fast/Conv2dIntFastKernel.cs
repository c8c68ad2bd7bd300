using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Fast <see cref="Conv2dIntKernel"/>: per image and group, im2col into rows k × positions (zero padding
/// written as 0), then an int8 GEMM whose vector lanes are output positions (no horizontal sums) over
/// blocks of 4 output channels. Every partial sum is added in int32 with wrap-around, and wrapping
/// addition is associative and commutative mod 2^32, so any summation order gives the reference's int32
/// accumulator bit for bit; then SAT32(acc + bias) as in the reference.
/// </summary>
internal static class Conv2dIntFastKernel
{
    /// <summary>Positions per GEMM tile (two 8-lane int32 vectors).</summary>
    private const int Tile = 16;

    /// <summary>The saturated int32 accumulators [N, OC, OH, OW], identical to <see cref="Conv2dIntKernel.Accumulate"/>.</summary>
    public static int[] Accumulate(sbyte[] x, PackedConvWeights w, int[]? bias, Conv2dGeometry g, KernelPath path)
    {
        var acc = new int[g.N * w.OcPerGroup * w.Groups * g.OH * g.OW];
        Run(x, w, bias, g, path, acc, null, 0);
        return acc;
    }

    /// <summary>
    /// <c>SAT8(RSH(SAT32(acc + bias), shift))</c> [N, OC, OH, OW], identical to the reference accumulate and
    /// requantize, without materialising the int32 accumulators; with <paramref name="relu"/>, also the
    /// following Relu (max with 0) of the int8 results.
    /// </summary>
    public static sbyte[] RunInt8(sbyte[] x, PackedConvWeights w, int[]? bias, Conv2dGeometry g, KernelPath path, int shift, sbyte[]? into = null, bool relu = false)
    {
        var y = into ?? new sbyte[g.N * w.OcPerGroup * w.Groups * g.OH * g.OW];
        if (DirectConvVnniKernel.Handles(w, path))
        {
            DirectConvVnniKernel.Run(x, w, bias, g, null, y, shift, relu);
            return y;
        }
        Run(x, w, bias, g, path, null, y, shift);
        if (relu) ElementwiseFastKernels.Relu(y, y);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(sbyte[] x, PackedConvWeights w, int[]? bias, Conv2dGeometry g, KernelPath path, int[]? acc, sbyte[]? y, int shift)
    {
        if (path == KernelPath.Reference) throw new ArgumentException("the reference path has its own kernel", nameof(path));
        if (DirectConvVnniKernel.Handles(w, path))
        {
            DirectConvVnniKernel.Run(x, w, bias, g, acc, y, shift);
            return;
        }
        if (DepthwiseConvKernel.Handles(w, g, path))
        {
            DepthwiseConvKernel.Run(x, w, bias, g, acc, y, shift);
            return;
        }
        int oh = g.OH, ow = g.OW, p = oh * ow, pPad = (p + Tile - 1) / Tile * Tile;
        int outChannels = w.OcPerGroup * w.Groups;
        int rows = w.Blocks * PackedConvWeights.BlockRows;
        var col = ArrayPool<sbyte>.Shared.Rent(w.KPad * pPad);
        var tile = ArrayPool<int>.Shared.Rent(rows * pPad);
        short[]? col16 = path is KernelPath.Avx2 or KernelPath.Vector128 ? ArrayPool<short>.Shared.Rent(w.KPad * pPad) : null;
        byte[]? colU8 = path == KernelPath.AvxVnni ? ArrayPool<byte>.Shared.Rent(w.KPad * pPad) : null;
        try
        {
            for (int n = 0; n < g.N; n++)
            for (int grp = 0; grp < w.Groups; grp++)
            {
                Im2Col(x, g, n, grp * (g.C / w.Groups), g.C / w.Groups, w.K, w.KPad, pPad, col);
                switch (path)
                {
                    case KernelPath.Avx2: InterleavePairs(col, w.KPad, pPad, col16!); break;
                    case KernelPath.AvxVnni: InterleaveQuadsBiased(col, w.KPad, pPad, colU8!); break;
                    default: Widen(col, w.KPad * pPad, col16!); break;
                }
                int threads = Math.Min(IntraOpThreads.Current, w.Blocks);
                if (threads <= 1) Gemm(path, w, grp, col16, colU8, pPad, tile, 0, w.Blocks);
                else GemmParallel(path, w, grp, col16, colU8, pPad, tile, threads);
                for (int r = 0; r < w.OcPerGroup; r++)
                {
                    int oc = grp * w.OcPerGroup + r;
                    var src = tile.AsSpan(r * pPad, p);
                    if (y is not null)
                    {
                        RequantizeFast.RowToInt8(src, bias?[oc], shift, y.AsSpan((n * outChannels + oc) * p, p));
                        continue;
                    }
                    var dst = acc.AsSpan((n * outChannels + oc) * p, p);
                    if (bias is null) src.CopyTo(dst);
                    else AddBiasSaturating(src, bias[oc], dst);
                }
            }
        }
        finally
        {
            ArrayPool<sbyte>.Shared.Return(col);
            ArrayPool<int>.Shared.Return(tile);
            if (col16 is not null) ArrayPool<short>.Shared.Return(col16);
            if (colU8 is not null) ArrayPool<byte>.Shared.Return(colU8);
        }
    }

    /// <summary>
    /// col[k, p] = x[n, c0 + ic, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw] or 0 outside the image, with
    /// k = (ic·kh + ky)·kw + kx and p = oy·OW + ox. Rows K..KPad and columns P..PPad are left as they are:
    /// they meet zero weights or are never read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Im2Col(sbyte[] x, Conv2dGeometry g, int n, int c0, int channels, int k, int kPad, int pPad, sbyte[] col)
    {
        int oh = g.OH, ow = g.OW;
        int row = 0;
        for (int ic = 0; ic < channels; ic++)
        {
            var plane = x.AsSpan(((n * g.C) + c0 + ic) * g.H * g.W, g.H * g.W);
            for (int ky = 0; ky < g.KH; ky++)
            for (int kx = 0; kx < g.KW; kx++, row++)
            {
                var dstRow = col.AsSpan(row * pPad, oh * ow);
                int offX = kx * g.DilationW - g.PadLeft;
                // The ox range whose ix = ox·sw + offX lies inside [0, W).
                int oxLo = offX >= 0 ? 0 : (-offX + g.StrideW - 1) / g.StrideW;
                int oxHi = g.W - 1 - offX < 0 ? 0 : Math.Min(ow, (g.W - 1 - offX) / g.StrideW + 1);
                for (int oy = 0; oy < oh; oy++)
                {
                    var d = dstRow.Slice(oy * ow, ow);
                    int iy = oy * g.StrideH - g.PadTop + ky * g.DilationH;
                    if ((uint)iy >= (uint)g.H || oxLo >= oxHi) { d.Clear(); continue; }
                    d[..oxLo].Clear();
                    d[oxHi..].Clear();
                    var srcRow = plane.Slice(iy * g.W);
                    if (g.StrideW == 1)
                        srcRow.Slice(oxLo + offX, oxHi - oxLo).CopyTo(d[oxLo..oxHi]);
                    else
                        for (int ox = oxLo; ox < oxHi; ox++) d[ox] = srcRow[ox * g.StrideW + offX];
                }
            }
        }
        _ = k; _ = kPad;
    }

    /// <summary>AVX2 layout [k/2][position][2] int16: rows 2i and 2i+1 interleaved and sign-extended (vpmovsxbw).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InterleavePairs(sbyte[] col, int kPad, int pPad, short[] dst)
    {
        ref sbyte c = ref MemoryMarshal.GetArrayDataReference(col);
        ref short d = ref MemoryMarshal.GetArrayDataReference(dst);
        for (int kp = 0; kp < kPad / 2; kp++)
        {
            nuint r0 = (nuint)(2 * kp * pPad), r1 = r0 + (nuint)pPad, o = (nuint)(kp * pPad * 2);
            for (int pb = 0; pb < pPad; pb += Tile)
            {
                var a = Vector128.LoadUnsafe(ref c, r0 + (nuint)pb);
                var b = Vector128.LoadUnsafe(ref c, r1 + (nuint)pb);
                Avx2.ConvertToVector256Int16(Sse2.UnpackLow(a, b)).StoreUnsafe(ref d, o + (nuint)(2 * pb));
                Avx2.ConvertToVector256Int16(Sse2.UnpackHigh(a, b)).StoreUnsafe(ref d, o + (nuint)(2 * pb + Tile));
            }
        }
    }

    /// <summary>VNNI layout [k/4][position][4] u8: rows 4i..4i+3 interleaved, each x stored as x + 128.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InterleaveQuadsBiased(sbyte[] col, int kPad, int pPad, byte[] dst)
    {
        ref sbyte c = ref MemoryMarshal.GetArrayDataReference(col);
        ref byte d = ref MemoryMarshal.GetArrayDataReference(dst);
        var flip = Vector128.Create((byte)0x80);
        for (int kq = 0; kq < kPad / 4; kq++)
        {
            nuint r0 = (nuint)(4 * kq * pPad), o = (nuint)(kq * pPad * 4);
            for (int pb = 0; pb < pPad; pb += Tile)
            {
                var x0 = Vector128.LoadUnsafe(ref c, r0 + (nuint)pb);
                var x1 = Vector128.LoadUnsafe(ref c, r0 + (nuint)(pPad + pb));
                var x2 = Vector128.LoadUnsafe(ref c, r0 + (nuint)(2 * pPad + pb));
                var x3 = Vector128.LoadUnsafe(ref c, r0 + (nuint)(3 * pPad + pb));
                var aLo = Sse2.UnpackLow(x0, x1).AsInt16();
                var aHi = Sse2.UnpackHigh(x0, x1).AsInt16();
                var bLo = Sse2.UnpackLow(x2, x3).AsInt16();
                var bHi = Sse2.UnpackHigh(x2, x3).AsInt16();
                nuint at = o + (nuint)(4 * pb);
                (Sse2.UnpackLow(aLo, bLo).AsByte() ^ flip).StoreUnsafe(ref d, at);
                (Sse2.UnpackHigh(aLo, bLo).AsByte() ^ flip).StoreUnsafe(ref d, at + 16);
                (Sse2.UnpackLow(aHi, bHi).AsByte() ^ flip).StoreUnsafe(ref d, at + 32);
                (Sse2.UnpackHigh(aHi, bHi).AsByte() ^ flip).StoreUnsafe(ref d, at + 48);
            }
        }
    }

    /// <summary>Vector128 layout [k][position] int16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(sbyte[] col, int length, short[] dst)
    {
        ref sbyte c = ref MemoryMarshal.GetArrayDataReference(col);
        ref short d = ref MemoryMarshal.GetArrayDataReference(dst);
        for (int i = 0; i < length; i += Tile)
        {
            var v = Vector128.LoadUnsafe(ref c, (nuint)i);
            Vector128.WidenLower(v).StoreUnsafe(ref d, (nuint)i);
            Vector128.WidenUpper(v).StoreUnsafe(ref d, (nuint)(i + 8));
        }
    }

    /// <summary>The GEMM of blocks [<paramref name="from"/>, <paramref name="to"/>) of group <paramref name="grp"/>: each block writes only its own 4 tile rows.</summary>
    private static void Gemm(KernelPath path, PackedConvWeights w, int grp, short[]? col16, byte[]? colU8, int pPad, int[] tile, int from, int to)
    {
        switch (path)
        {
            case KernelPath.Avx2:
                GemmAvx2(w.Pairs, grp * w.Blocks * (w.KPad / 2) * 4, from, to, w.KPad / 2, col16!, pPad, tile);
                break;
            case KernelPath.AvxVnni:
                GemmVnni(w.Quads, grp * w.Blocks * (w.KPad / 4) * 4, w.QuadCorrection, grp * w.Blocks * PackedConvWeights.BlockRows, from, to, w.KPad / 4, colU8!, pPad, tile);
                break;
            default:
                GemmVector128(w.Rows, grp * w.Blocks * w.KPad * 4, from, to, w.KPad, col16!, pPad, tile);
                break;
        }
    }

    /// <summary>The same GEMM split into <paramref name="threads"/> contiguous block ranges (disjoint tile rows, identical sums).</summary>
    private static void GemmParallel(KernelPath path, PackedConvWeights w, int grp, short[]? col16, byte[]? colU8, int pPad, int[] tile, int threads) =>
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            t => Gemm(path, w, grp, col16, colU8, pPad, tile, w.Blocks * t / threads, w.Blocks * (t + 1) / threads));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GemmAvx2(int[] pairs, int wStart, int from, int to, int kPairs, short[] col, int pPad, int[] tile)
    {
        ref int wr = ref MemoryMarshal.GetArrayDataReference(pairs);
        ref short cr = ref MemoryMarshal.GetArrayDataReference(col);
        ref int tr = ref MemoryMarshal.GetArrayDataReference(tile);
        for (int b = from; b < to; b++)
        {
            int wb = wStart + b * kPairs * 4;
            for (int pb = 0; pb < pPad; pb += Tile)
            {
                Vector256<int> a00 = default, a01 = default, a10 = default, a11 = default,
                               a20 = default, a21 = default, a30 = default, a31 = default;
                nuint ci = (nuint)(2 * pb);
                int wi = wb;
                for (int kp = 0; kp < kPairs; kp++, ci += (nuint)(2 * pPad), wi += 4)
                {
                    var c0 = Vector256.LoadUnsafe(ref cr, ci);
                    var c1 = Vector256.LoadUnsafe(ref cr, ci + Tile);
                    var w0 = Vector256.Create(Unsafe.Add(ref wr, wi)).AsInt16();
                    var w1 = Vector256.Create(Unsafe.Add(ref wr, wi + 1)).AsInt16();
                    var w2 = Vector256.Create(Unsafe.Add(ref wr, wi + 2)).AsInt16();
                    var w3 = Vector256.Create(Unsafe.Add(ref wr, wi + 3)).AsInt16();
                    a00 = Avx2.Add(a00, Avx2.MultiplyAddAdjacent(c0, w0));
                    a01 = Avx2.Add(a01, Avx2.MultiplyAddAdjacent(c1, w0));
                    a10 = Avx2.Add(a10, Avx2.MultiplyAddAdjacent(c0, w1));
                    a11 = Avx2.Add(a11, Avx2.MultiplyAddAdjacent(c1, w1));
                    a20 = Avx2.Add(a20, Avx2.MultiplyAddAdjacent(c0, w2));
                    a21 = Avx2.Add(a21, Avx2.MultiplyAddAdjacent(c1, w2));
                    a30 = Avx2.Add(a30, Avx2.MultiplyAddAdjacent(c0, w3));
                    a31 = Avx2.Add(a31, Avx2.MultiplyAddAdjacent(c1, w3));
                }
                nuint t = (nuint)(b * 4 * pPad + pb);
                a00.StoreUnsafe(ref tr, t); a01.StoreUnsafe(ref tr, t + 8); t += (nuint)pPad;
                a10.StoreUnsafe(ref tr, t); a11.StoreUnsafe(ref tr, t + 8); t += (nuint)pPad;
                a20.StoreUnsafe(ref tr, t); a21.StoreUnsafe(ref tr, t + 8); t += (nuint)pPad;
                a30.StoreUnsafe(ref tr, t); a31.StoreUnsafe(ref tr, t + 8);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GemmVnni(int[] quads, int wStart, int[] correction, int corrStart, int from, int to, int kQuads, byte[] col, int pPad, int[] tile)
    {
        ref int wr = ref MemoryMarshal.GetArrayDataReference(quads);
        ref byte cr = ref MemoryMarshal.GetArrayDataReference(col);
        ref int tr = ref MemoryMarshal.GetArrayDataReference(tile);
        for (int b = from; b < to; b++)
        {
            int wb = wStart + b * kQuads * 4;
            var k0 = Vector256.Create(correction[corrStart + 4 * b]);
            var k1 = Vector256.Create(correction[corrStart + 4 * b + 1]);
            var k2 = Vector256.Create(correction[corrStart + 4 * b + 2]);
            var k3 = Vector256.Create(correction[corrStart + 4 * b + 3]);
            for (int pb = 0; pb < pPad; pb += Tile)
            {
                // Start at −128·Σw: adding Σ (x+128)·w then leaves Σ x·w (mod 2^32, like the chip's int32).
                Vector256<int> a00 = -k0, a01 = -k0, a10 = -k1, a11 = -k1, a20 = -k2, a21 = -k2, a30 = -k3, a31 = -k3;
                nuint ci = (nuint)(4 * pb);
                int wi = wb;
                for (int kq = 0; kq < kQuads; kq++, ci += (nuint)(4 * pPad), wi += 4)
                {
                    var c0 = Vector256.LoadUnsafe(ref cr, ci);
                    var c1 = Vector256.LoadUnsafe(ref cr, ci + 32);
                    var w0 = Vector256.Create(Unsafe.Add(ref wr, wi)).AsSByte();
                    var w1 = Vector256.Create(Unsafe.Add(ref wr, wi + 1)).AsSByte();
                    var w2 = Vector256.Create(Unsafe.Add(ref wr, wi + 2)).AsSByte();
                    var w3 = Vector256.Create(Unsafe.Add(ref wr, wi + 3)).AsSByte();
                    a00 = AvxVnni.MultiplyWideningAndAdd(a00, c0, w0);
                    a01 = AvxVnni.MultiplyWideningAndAdd(a01, c1, w0);
                    a10 = AvxVnni.MultiplyWideningAndAdd(a10, c0, w1);
                    a11 = AvxVnni.MultiplyWideningAndAdd(a11, c1, w1);
                    a20 = AvxVnni.MultiplyWideningAndAdd(a20, c0, w2);
                    a21 = AvxVnni.MultiplyWideningAndAdd(a21, c1, w2);
                    a30 = AvxVnni.MultiplyWideningAndAdd(a30, c0, w3);
                    a31 = AvxVnni.MultiplyWideningAndAdd(a31, c1, w3);
                }
                nuint t = (nuint)(b * 4 * pPad + pb);
                a00.StoreUnsafe(ref tr, t); a01.StoreUnsafe(ref tr, t + 8); t += (nuint)pPad;
                a10.StoreUnsafe(ref tr, t); a11.StoreUnsafe(ref tr, t + 8); t += (nuint)pPad;
                a20.StoreUnsafe(ref tr, t); a21.StoreUnsafe(ref tr, t + 8); t += (nuint)pPad;
                a30.StoreUnsafe(ref tr, t); a31.StoreUnsafe(ref tr, t + 8);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GemmVector128(short[] rows, int wStart, int from, int to, int kPad, short[] col, int pPad, int[] tile)
    {
        ref short wr = ref MemoryMarshal.GetArrayDataReference(rows);
        ref short cr = ref MemoryMarshal.GetArrayDataReference(col);
        ref int tr = ref MemoryMarshal.GetArrayDataReference(tile);
        for (int b = from; b < to; b++)
        {
            int wb = wStart + b * kPad * 4;
            for (int pb = 0; pb < pPad; pb += 8)
            {
                Vector128<int> a00 = default, a01 = default, a10 = default, a11 = default,
                               a20 = default, a21 = default, a30 = default, a31 = default;
                nuint ci = (nuint)pb;
                int wi = wb;
                for (int k = 0; k < kPad; k++, ci += (nuint)pPad, wi += 4)
                {
                    var c = Vector128.LoadUnsafe(ref cr, ci);
                    // |x·w| ≤ 2^14: the int16 product is exact; widen before adding.
                    var m0 = c * Vector128.Create(Unsafe.Add(ref wr, wi));
                    var m1 = c * Vector128.Create(Unsafe.Add(ref wr, wi + 1));
                    var m2 = c * Vector128.Create(Unsafe.Add(ref wr, wi + 2));
                    var m3 = c * Vector128.Create(Unsafe.Add(ref wr, wi + 3));
                    a00 += Vector128.WidenLower(m0); a01 += Vector128.WidenUpper(m0);
                    a10 += Vector128.WidenLower(m1); a11 += Vector128.WidenUpper(m1);
                    a20 += Vector128.WidenLower(m2); a21 += Vector128.WidenUpper(m2);
                    a30 += Vector128.WidenLower(m3); a31 += Vector128.WidenUpper(m3);
                }
                nuint t = (nuint)(b * 4 * pPad + pb);
                a00.StoreUnsafe(ref tr, t); a01.StoreUnsafe(ref tr, t + 4); t += (nuint)pPad;
                a10.StoreUnsafe(ref tr, t); a11.StoreUnsafe(ref tr, t + 4); t += (nuint)pPad;
                a20.StoreUnsafe(ref tr, t); a21.StoreUnsafe(ref tr, t + 4); t += (nuint)pPad;
                a30.StoreUnsafe(ref tr, t); a31.StoreUnsafe(ref tr, t + 4);
            }
        }
    }

    /// <summary>dst = SAT32(src + bias), vectorised.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBiasSaturating(ReadOnlySpan<int> src, int bias, Span<int> dst)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var b = Vector128.Create(bias);
            var sat = Vector128.Create(bias >= 0 ? int.MaxValue : int.MinValue);
            for (; i + 4 <= src.Length; i += 4)
            {
                RequantizeFast.AddSaturating(Vector128.Create(src.Slice(i, 4)), b, sat).CopyTo(dst.Slice(i, 4));
            }
        }
        for (; i < src.Length; i++) dst[i] = Saturation.ToInt32((long)src[i] + bias);
    }
}
