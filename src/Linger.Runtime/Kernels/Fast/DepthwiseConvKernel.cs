using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Depthwise <see cref="Conv2dIntKernel"/> (one input channel per group, stride 1, any dilation and
/// padding): each channel is copied once into a zero-padded int16 plane, and every output row is a sum
/// over the taps of a shifted input row times one weight, 16 output pixels per vector. A product of two
/// int8 values is exact in int16; the sums are int32 with wrap-around like the reference's. Then
/// SAT32(acc + bias) and the requantization as in the reference. (The GEMM path would spend three of
/// every four lanes of its 4-channel blocks on zero weights here, plus an im2col per channel.)
/// </summary>
internal static class DepthwiseConvKernel
{
    /// <summary>True when this kernel computes the convolution.</summary>
    public static bool Handles(PackedConvWeights w, Conv2dGeometry g, KernelPath path) =>
        path != KernelPath.Reference && w.Groups > 1 && w.Groups == g.C && g.StrideH == 1 && g.StrideW == 1
        && Vector256.IsHardwareAccelerated;

    /// <summary>Writes SAT8(RSH(SAT32(acc + bias), shift)) into <paramref name="y"/> when given, else SAT32(acc + bias) into <paramref name="acc"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(sbyte[] x, PackedConvWeights w, int[]? bias, Conv2dGeometry g, int[]? acc, sbyte[]? y, int shift)
    {
        int oh = g.OH, ow = g.OW, m = w.OcPerGroup, kh = g.KH, kw = g.KW, taps = kh * kw;
        int hp = g.H + g.PadTop + g.PadBottom, wp = g.W + g.PadLeft + g.PadRight;
        int rowVectors = (ow + 15) / 16;
        // Room for the last vector of a row to read past the plane's last column.
        int planeLength = hp * wp + rowVectors * 16 + (kw - 1) * g.DilationW;
        var plane = ArrayPool<short>.Shared.Rent(planeLength);
        var row = ArrayPool<int>.Shared.Rent(rowVectors * 16);
        var row8 = ArrayPool<sbyte>.Shared.Rent(rowVectors * 16);
        var weights = w.Original;
        try
        {
            for (int n = 0; n < g.N; n++)
            for (int c = 0; c < g.C; c++)
            {
                Pad(x, g, n, c, hp, wp, plane, planeLength);
                for (int j = 0; j < m; j++)
                {
                    int oc = c * m + j;
                    for (int oy = 0; oy < oh; oy++)
                    {
                        SumRow(plane, wp, oy, weights.AsSpan(oc * taps, taps), kh, kw, g.DilationH, g.DilationW, rowVectors, row);
                        int at = ((n * g.C * m + oc) * oh + oy) * ow;
                        if (y is not null)
                        {
                            // Whole vectors (the lanes past OW are computed and dropped).
                            RequantizeFast.RowToInt8(row.AsSpan(0, rowVectors * 16), bias?[oc], shift, row8.AsSpan(0, rowVectors * 16));
                            row8.AsSpan(0, ow).CopyTo(y.AsSpan(at, ow));
                        }
                        else
                        {
                            var dst = acc.AsSpan(at, ow);
                            for (int i = 0; i < ow; i++) dst[i] = bias is null ? row[i] : Saturation.ToInt32((long)row[i] + bias[oc]);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(plane);
            ArrayPool<int>.Shared.Return(row);
            ArrayPool<sbyte>.Shared.Return(row8);
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

    /// <summary>row[ox] = Σ_taps plane[(oy + ky·dh)·wp + ox + kx·dw] · w[ky, kx] for ox in whole vectors of 16 (past OW: ignored).</summary>
    private static void SumRow(short[] plane, int wp, int oy, ReadOnlySpan<sbyte> w, int kh, int kw, int dh, int dw, int rowVectors, int[] row)
    {
        ref short pr = ref MemoryMarshal.GetArrayDataReference(plane);
        ref int rr = ref MemoryMarshal.GetArrayDataReference(row);
        for (int v = 0; v < rowVectors; v++)
        {
            Vector256<int> lo = default, hi = default;
            for (int ky = 0; ky < kh; ky++)
            {
                nuint line = (nuint)((oy + ky * dh) * wp + 16 * v);
                for (int kx = 0; kx < kw; kx++)
                {
                    var product = Vector256.LoadUnsafe(ref pr, line + (nuint)(kx * dw)) * Vector256.Create((short)w[ky * kw + kx]);
                    var (a, b) = Vector256.Widen(product);
                    lo += a;
                    hi += b;
                }
            }
            lo.StoreUnsafe(ref rr, (nuint)(16 * v));
            hi.StoreUnsafe(ref rr, (nuint)(16 * v + 8));
        }
    }
}
