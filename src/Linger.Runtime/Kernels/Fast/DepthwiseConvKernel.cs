using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Depthwise <see cref="Conv2dIntKernel"/> (one input channel per group, any stride, dilation and
/// padding): each channel is copied once into a zero-padded int16 plane, and every output row is a sum
/// over the taps of a shifted input row times one weight, 16 columns per vector. A column stride s is
/// computed at stride 1 and every s-th column kept (s× the arithmetic of the outputs, still far below an
/// im2col); a row stride only picks the rows. A product of two
/// int8 values is exact in int16; the sums are int32 with wrap-around like the reference's. Then
/// SAT32(acc + bias) and the requantization as in the reference. (The GEMM path would spend three of
/// every four lanes of its 4-channel blocks on zero weights here, plus an im2col per channel.)
/// </summary>
internal static class DepthwiseConvKernel
{
    /// <summary>True when this kernel computes the convolution.</summary>
    public static bool Handles(PackedConvWeights w, Conv2dGeometry g, KernelPath path) =>
        path != KernelPath.Reference && w.Groups > 1 && w.Groups == g.C && g.StrideW <= 4 && Vector256.IsHardwareAccelerated;

    /// <summary>Writes SAT8(RSH(SAT32(acc + bias), shift)) into <paramref name="y"/> when given, else SAT32(acc + bias) into <paramref name="acc"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(sbyte[] x, PackedConvWeights w, int[]? bias, Conv2dGeometry g, int[]? acc, sbyte[]? y, int shift)
    {
        int oh = g.OH, ow = g.OW, m = w.OcPerGroup, kh = g.KH, kw = g.KW, taps = kh * kw;
        int hp = g.H + g.PadTop + g.PadBottom, wp = g.W + g.PadLeft + g.PadRight;
        int sw = g.StrideW, columns = (ow - 1) * sw + 1; // the stride-1 columns the outputs sit on
        int rowVectors = (columns + 15) / 16;
        // Room for the last vector of a row to read past the plane's last column.
        int planeLength = hp * wp + rowVectors * 16 + (kw - 1) * g.DilationW;
        var plane = ArrayPool<short>.Shared.Rent(planeLength);
        // A channel's output rows at stride-1 columns, whole vectors each; requantized together.
        int rowLength = rowVectors * 16;
        var rows = ArrayPool<int>.Shared.Rent(oh * rowLength);
        var rows8 = ArrayPool<sbyte>.Shared.Rent(oh * rowLength);
        var weights = w.Original;
        // Per tap, its offset in the padded plane and (per output channel) its weight broadcast to 16 lanes.
        Span<int> tapOffset = taps <= 64 ? stackalloc int[taps] : new int[taps];
        Span<Vector256<short>> tapWeight = taps <= 64 ? stackalloc Vector256<short>[taps] : new Vector256<short>[taps];
        for (int ky = 0, t = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++, t++) tapOffset[t] = ky * g.DilationH * wp + kx * g.DilationW;
        try
        {
            for (int n = 0; n < g.N; n++)
            for (int c = 0; c < g.C; c++)
            {
                Pad(x, g, n, c, hp, wp, plane, planeLength);
                for (int j = 0; j < m; j++)
                {
                    int oc = c * m + j;
                    for (int t = 0; t < taps; t++) tapWeight[t] = Vector256.Create((short)weights[oc * taps + t]);
                    for (int oy = 0; oy < oh; oy++)
                        SumRow(plane, wp, oy * g.StrideH, tapWeight, tapOffset, rowVectors, rows.AsSpan(oy * rowLength, rowLength));
                    int at = (n * g.C * m + oc) * oh * ow;
                    if (y is not null)
                    {
                        // The lanes past the last output are computed and dropped.
                        RequantizeFast.RowToInt8(rows.AsSpan(0, oh * rowLength), bias?[oc], shift, rows8.AsSpan(0, oh * rowLength));
                        for (int oy = 0; oy < oh; oy++)
                        {
                            var src = rows8.AsSpan(oy * rowLength, rowLength);
                            var dst = y.AsSpan(at + oy * ow, ow);
                            if (sw == 1) src[..ow].CopyTo(dst);
                            else for (int i = 0; i < ow; i++) dst[i] = src[i * sw];
                        }
                    }
                    else
                    {
                        for (int oy = 0; oy < oh; oy++)
                            for (int i = 0; i < ow; i++)
                            {
                                int v = rows[oy * rowLength + i * sw];
                                acc![at + oy * ow + i] = bias is null ? v : Saturation.ToInt32((long)v + bias[oc]);
                            }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(plane);
            ArrayPool<int>.Shared.Return(rows);
            ArrayPool<sbyte>.Shared.Return(rows8);
        }
    }

    /// <summary>plane[(iy + pt)·wp + ix + pl] = x[n, c, iy, ix]; every other cell 0.</summary>
    private static void Pad(sbyte[] x, Conv2dGeometry g, int n, int c, int hp, int wp, short[] plane, int planeLength)
    {
        plane.AsSpan(0, planeLength).Clear();
        int src = (n * g.C + c) * g.H * g.W;
        for (int iy = 0; iy < g.H; iy++)
        {
            var from = x.AsSpan(src + iy * g.W, g.W);
            var to = plane.AsSpan((iy + g.PadTop) * wp + g.PadLeft, g.W);
            int ix = 0;
            for (; ix + 16 <= from.Length; ix += 16)
            {
                var (lo, hi) = Vector128.Widen(Vector128.Create(from.Slice(ix, 16)));
                lo.CopyTo(to.Slice(ix, 8));
                hi.CopyTo(to.Slice(ix + 8, 8));
            }
            for (; ix < from.Length; ix++) to[ix] = from[ix];
        }
    }

    /// <summary>row[i] = Σ_t plane[top·wp + i + tapOffset[t]] · w[t] for i in whole vectors of 16 (lanes past the last output: ignored).</summary>
    private static void SumRow(short[] plane, int wp, int top, ReadOnlySpan<Vector256<short>> w, ReadOnlySpan<int> tapOffset, int rowVectors, Span<int> row)
    {
        ref short pr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(plane), top * wp);
        ref int rr = ref MemoryMarshal.GetReference(row);
        for (int v = 0; v < rowVectors; v++)
        {
            Vector256<int> lo = default, hi = default;
            ref short at = ref Unsafe.Add(ref pr, 16 * v);
            for (int t = 0; t < w.Length; t++)
            {
                var (a, b) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.Add(ref at, tapOffset[t])) * w[t]);
                lo += a;
                hi += b;
            }
            lo.StoreUnsafe(ref rr, (nuint)(16 * v));
            hi.StoreUnsafe(ref rr, (nuint)(16 * v + 8));
        }
    }
}
