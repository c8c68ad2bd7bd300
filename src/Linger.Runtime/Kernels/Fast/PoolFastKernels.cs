using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Faster MaxPool and AvgPool2dInt: the window's in-bounds rows and columns are computed once per
/// output row instead of tested per element, and the common 2×2 stride-2 max pool is vectorised
/// (a row pair's maximum, then the maximum of even and odd columns). Same results as
/// <see cref="MaxPoolKernel"/> and <see cref="AvgPool2dIntKernel"/>.
/// </summary>
internal static class PoolFastKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static sbyte[] MaxPool(sbyte[] x, Conv2dGeometry g, sbyte[]? into = null)
    {
        int oh = g.OH, ow = g.OW;
        var y = into ?? new sbyte[g.N * g.C * oh * ow];
        bool pair2x2 = g.KH == 2 && g.KW == 2 && g.StrideH == 2 && g.StrideW == 2 && g.DilationH == 1 && g.DilationW == 1
                       && g.PadLeft == 0 && g.PadTop == 0 && Vector128.IsHardwareAccelerated;
        if (pair2x2 && g.W == 2 * ow && g.H == 2 * oh && (long)g.N * g.C * oh * ow >= 16)
        {
            MaxPool2x2Flat(x, g.N * g.C * g.H * g.W, ow, y);
            return y;
        }
        y.AsSpan().Fill(sbyte.MinValue); // a window with no in-bounds element gives SAT8(INT32_MIN) = −128
        if (pair2x2 && g.W == 2 * ow && 2 * oh <= g.H && g.W >= 16)
        {
            MaxPool2x2Planes(x, g, oh, ow, y);
            return y;
        }
        for (int nc = 0; nc < g.N * g.C; nc++)
        {
            var plane = x.AsSpan(nc * g.H * g.W, g.H * g.W);
            for (int oy = 0; oy < oh; oy++)
            {
                var dst = y.AsSpan((nc * oh + oy) * ow, ow);
                if (pair2x2 && 2 * oy + 1 < g.H)
                {
                    int done = MaxPool2x2Row(plane.Slice(2 * oy * g.W, g.W), plane.Slice((2 * oy + 1) * g.W, g.W), dst);
                    for (int ox = done; ox < ow; ox++)
                    {
                        int best = sbyte.MinValue;
                        for (int ky = 0; ky < 2; ky++)
                        for (int kx = 0; kx < 2; kx++)
                        {
                            int ix = 2 * ox + kx;
                            if (ix < g.W) best = Math.Max(best, plane[(2 * oy + ky) * g.W + ix]);
                        }
                        dst[ox] = (sbyte)best;
                    }
                    continue;
                }
                for (int ky = 0; ky < g.KH; ky++)
                {
                    int iy = oy * g.StrideH - g.PadTop + ky * g.DilationH;
                    if ((uint)iy >= (uint)g.H) continue;
                    var src = plane.Slice(iy * g.W, g.W);
                    for (int kx = 0; kx < g.KW; kx++)
                    {
                        var (lo, hi) = ValidRange(kx * g.DilationW - g.PadLeft, g.StrideW, g.W, ow);
                        int off = kx * g.DilationW - g.PadLeft;
                        for (int ox = lo; ox < hi; ox++)
                        {
                            sbyte v = src[ox * g.StrideW + off];
                            if (v > dst[ox]) dst[ox] = v;
                        }
                    }
                }
            }
        }
        return y;
    }

    /// <summary>
    /// 2×2 stride-2 pooling of whole planes whose windows all lie inside (W = 2·OW ≥ 16, 2·OH ≤ H): the row
    /// pairs' maxima go to a buffer of OH rows of W, and since W = 2·OW a column pair never straddles a row,
    /// so the buffer's (even, odd) pairs are the outputs in order. Overlapping vectors cover ragged ends
    /// (max is idempotent).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaxPool2x2Planes(sbyte[] x, Conv2dGeometry g, int oh, int ow, sbyte[] y)
    {
        int w = g.W, rows = oh * w;
        var buffer = new sbyte[Math.Max(rows, 16)];
        ref sbyte b = ref MemoryMarshal.GetArrayDataReference(buffer);
        ref sbyte xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref sbyte yr = ref MemoryMarshal.GetArrayDataReference(y);
        for (int nc = 0; nc < g.N * g.C; nc++)
        {
            nuint plane = (nuint)(nc * g.H * w);
            for (int oy = 0; oy < oh; oy++)
            {
                nuint r0 = plane + (nuint)(2 * oy * w), r1 = r0 + (nuint)w, o = (nuint)(oy * w);
                for (int i = 0; ; i += 16)
                {
                    int at = Math.Min(i, w - 16);
                    Vector128.Max(Vector128.LoadUnsafe(ref xr, r0 + (nuint)at), Vector128.LoadUnsafe(ref xr, r1 + (nuint)at))
                        .StoreUnsafe(ref b, o + (nuint)at);
                    if (at == w - 16) break;
                }
            }
            nuint outBase = (nuint)(nc * oh * ow);
            int outputs = oh * ow;
            for (int i = 0; ; i += 8)
            {
                int at = Math.Min(i, outputs - 8); // outputs = rows / 2 ≥ 8
                var v = Vector128.LoadUnsafe(ref b, (nuint)(2 * at)).AsInt16();
                var m = PairMax(v);
                Vector128.Narrow(m, m).GetLower().StoreUnsafe(ref yr, outBase + (nuint)at);
                if (at == outputs - 8) break;
            }
        }
    }

    /// <summary>
    /// 2×2 stride-2 pooling when every window lies inside and the planes tile exactly (W = 2·OW, H = 2·OH): then
    /// column pairs never straddle a row and row pairs never straddle a plane, so the whole tensor pools as one
    /// array: h[i] = max(x[2i], x[2i + 1]) over all of it, then output row r = max(h row 2r, h row 2r + 1) for
    /// every output row of every plane, 16 bytes at a time (a store may run into the next output row, which
    /// the next step rewrites; the last rows go through a stage).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaxPool2x2Flat(sbyte[] x, int length, int ow, sbyte[] y)
    {
        int half = length / 2, rows = half / ow / 2;
        var h = System.Buffers.ArrayPool<sbyte>.Shared.Rent(half + 32);
        try
        {
            ref sbyte xr = ref MemoryMarshal.GetArrayDataReference(x);
            ref sbyte hr = ref MemoryMarshal.GetArrayDataReference(h);
            for (int i = 0; ; i += 16)
            {
                int at = Math.Min(i, half - 16); // overlapping last vector: max is idempotent
                var m0 = PairMax(Vector128.LoadUnsafe(ref xr, (nuint)(2 * at)).AsInt16());
                var m1 = PairMax(Vector128.LoadUnsafe(ref xr, (nuint)(2 * at + 16)).AsInt16());
                Vector128.Narrow(m0, m1).StoreUnsafe(ref hr, (nuint)at);
                if (at == half - 16) break;
            }
            ref sbyte yr = ref MemoryMarshal.GetArrayDataReference(y);
            int total = rows * ow;
            Span<sbyte> stage = stackalloc sbyte[16];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < ow; c += 16)
                {
                    var m = Vector128.Max(Vector128.LoadUnsafe(ref hr, (nuint)(2 * r * ow + c)), Vector128.LoadUnsafe(ref hr, (nuint)((2 * r + 1) * ow + c)));
                    int at = r * ow + c, count = Math.Min(16, ow - c);
                    if (at + 16 <= total) m.StoreUnsafe(ref yr, (nuint)at);
                    else
                    {
                        m.StoreUnsafe(ref MemoryMarshal.GetReference(stage));
                        stage[..count].CopyTo(y.AsSpan(at, count));
                    }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<sbyte>.Shared.Return(h);
        }
    }

    /// <summary>Writes max(r0[2i], r0[2i+1], r1[2i], r1[2i+1]) for as many i as whole vectors cover; returns that count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MaxPool2x2Row(ReadOnlySpan<sbyte> r0, ReadOnlySpan<sbyte> r1, Span<sbyte> dst)
    {
        int i = 0;
        ref sbyte a = ref MemoryMarshal.GetReference(r0);
        ref sbyte b = ref MemoryMarshal.GetReference(r1);
        ref sbyte d = ref MemoryMarshal.GetReference(dst);
        for (; i + 8 <= dst.Length && 2 * i + 16 <= r0.Length; i += 8)
        {
            var m = PairMax(Vector128.Max(Vector128.LoadUnsafe(ref a, (nuint)(2 * i)), Vector128.LoadUnsafe(ref b, (nuint)(2 * i))).AsInt16());
            Vector128.Narrow(m, m).GetLower().StoreUnsafe(ref d, (nuint)i);
        }
        return i;
    }

    /// <summary>
    /// Per int16 lane, the larger of its two int8 bytes, i.e. of an (even, odd) column pair:
    /// even = (v &lt;&lt; 8) &gt;&gt; 8, odd = v &gt;&gt; 8 (arithmetic shifts keep the signs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> PairMax(Vector128<short> v) =>
        Vector128.Max(Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(v, 8), 8), Vector128.ShiftRightArithmetic(v, 8));

    /// <summary>The output columns [lo, hi) whose input column ox·stride + offset lies in [0, width).</summary>
    private static (int Lo, int Hi) ValidRange(int offset, int stride, int width, int outWidth)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int hi = width - 1 - offset < 0 ? 0 : Math.Min(outWidth, (width - 1 - offset) / stride + 1);
        return (lo, Math.Max(lo, hi));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Area, int QIn, int QOut), sbyte[]> s_divisionTables = new();

    /// <summary>table[v] = the chip's window average of the sum −128·area + v.</summary>
    private static sbyte[] DivisionTable(int area, int qIn, int qOut)
    {
        int sumMin = -128 * area;
        var table = new sbyte[255 * area + 1];
        for (int v = 0; v < table.Length; v++) table[v] = ChipDivision.AvgPoolWindow(sumMin + v, area, qIn, qOut);
        return table;
    }

    /// <summary>Equals <see cref="AvgPool2dIntKernel.Run"/>: window sums over in-bounds elements, then the chip's division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static sbyte[] AvgPool(sbyte[] x, Conv2dGeometry g, int qIn, int qOut)
    {
        int oh = g.OH, ow = g.OW, area = g.KH * g.KW;
        var y = new sbyte[g.N * g.C * oh * ow];
        var sums = new int[ow];
        // A window sum lies in [−128·area, 127·area]: when that range is small, the chip's division
        // (the cost of this op) is looked up instead of computed per element, in a table built once per
        // (area, q_in, q_out) — a model's pools ask for the same few.
        int sumMin = -128 * area, span = 255 * area + 1;
        sbyte[]? table = span <= 1 << 16 && y.Length > 0
            ? s_divisionTables.GetOrAdd((area, qIn, qOut), static key => DivisionTable(key.Area, key.QIn, key.QOut))
            : null;
        for (int nc = 0; nc < g.N * g.C; nc++)
        {
            var plane = x.AsSpan(nc * g.H * g.W, g.H * g.W);
            for (int oy = 0; oy < oh; oy++)
            {
                Array.Clear(sums);
                for (int ky = 0; ky < g.KH; ky++)
                {
                    int iy = oy * g.StrideH - g.PadTop + ky;
                    if ((uint)iy >= (uint)g.H) continue;
                    var src = plane.Slice(iy * g.W, g.W);
                    for (int kx = 0; kx < g.KW; kx++)
                    {
                        int off = kx - g.PadLeft;
                        var (lo, hi) = ValidRange(off, g.StrideW, g.W, ow);
                        for (int ox = lo; ox < hi; ox++) sums[ox] += src[ox * g.StrideW + off];
                    }
                }
                var dst = y.AsSpan((nc * oh + oy) * ow, ow);
                if (table is not null)
                    for (int ox = 0; ox < ow; ox++) dst[ox] = table[sums[ox] - sumMin];
                else
                    for (int ox = 0; ox < ow; ox++) dst[ox] = ChipDivision.AvgPoolWindow(sums[ox], area, qIn, qOut);
            }
        }
        return y;
    }
}
