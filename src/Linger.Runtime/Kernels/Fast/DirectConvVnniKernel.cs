using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Ungrouped <see cref="Conv2dIntKernel"/> on AVX-VNNI without im2col: the input is copied once into a
/// zero-padded channels-last buffer of biased bytes (x + 128, channels rounded up to 4), and each
/// <c>vpdpbusd</c> multiplies the 4 channel bytes of one input pixel, broadcast, by those 4 channels'
/// weights of 8 output channels. Vector lanes are output channels, so a register tile is
/// <see cref="TilePositions"/> output pixels × 16 output channels and every input pixel of a window is
/// read straight from the padded buffer (no bounds checks: padding is stored as biased 0).
/// The accumulator starts at −128·Σw per output channel, so it ends at Σ x·w mod 2^32: wrapping addition
/// in any order, like the reference's int32 sum; then SAT32(acc + bias) as in the reference.
/// </summary>
internal static class DirectConvVnniKernel
{
    /// <summary>Output pixels per register tile: 6 pixels × 2 vectors = 12 accumulators of the 16 ymm registers.</summary>
    public const int TilePositions = 6;

    /// <summary>True when this kernel computes the convolution (the caller falls back to im2col otherwise).</summary>
    public static bool Handles(PackedConvWeights w, KernelPath path) => path == KernelPath.AvxVnni && w.Groups == 1 && AvxVnni.IsSupported;

    /// <summary>
    /// Writes SAT8(RSH(SAT32(acc + bias), shift)) into <paramref name="y"/> when it is given, else
    /// SAT32(acc + bias) into <paramref name="acc"/>; both [N, OC, OH, OW].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(sbyte[] x, PackedConvWeights w, int[]? bias, Conv2dGeometry g, int[]? acc, sbyte[]? y, int shift, bool relu = false)
    {
        var layout = w.Direct;
        var plan = layout.PlanFor(g, bias);
        int blocks = layout.Blocks;
        // Slack past the end: a channel transpose writes (and restores) up to 15 pixels beyond a row.
        var padded = ArrayPool<byte>.Shared.Rent((plan.PaddedHeight * plan.PaddedWidth + 16) * layout.Lanes);
        var pixels = y is null ? null : ArrayPool<byte>.Shared.Rent(blocks * plan.Tiles * TilePositions * 16);
        try
        {
            var job = new Job(plan, layout, padded, acc, y, pixels, shift, relu && y is not null);
            for (int n = 0; n < g.N; n++)
            {
                PadChannelsLast(x, g, n, plan.PaddedHeight, plan.PaddedWidth, layout, padded);
                int threads = Math.Min(IntraOpThreads.Current, blocks);
                if (threads <= 1)
                {
                    for (int b = 0; b < blocks; b++) RunBlock(job, b, n);
                }
                else
                {
                    int image = n;
                    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                    {
                        for (int b = blocks * t / threads; b < blocks * (t + 1) / threads; b++) RunBlock(job, b, image);
                    });
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(padded);
            if (pixels is not null) ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    /// <summary>What every block of one call shares.</summary>
    private sealed record Job(DirectConvPlan Plan, DirectConvWeights Layout, byte[] Padded, int[]? Acc, sbyte[]? Y, byte[]? Pixels, int Shift, bool Relu);

    /// <summary>
    /// dst[(py·wp + px)·lanes + j] = x[n, c, py − pt, px + kx·dw − pl] + 128 with (kx, c) the lane's tap and
    /// channel (kx = 0 unless folded), or 128 (a biased 0) where that lies outside the image; padded lanes
    /// meet zero weights.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PadChannelsLast(sbyte[] x, Conv2dGeometry g, int n, int hp, int wp, DirectConvWeights layout, byte[] dst)
    {
        int lanes = layout.Lanes;
        dst.AsSpan(0, hp * wp * lanes).Fill(0x80);
        int c = g.C, h = g.H, wd = g.W;
        int kws = layout.FoldsKx ? g.KW : 1;
        ref sbyte src = ref MemoryMarshal.GetArrayDataReference(x);
        ref byte d = ref MemoryMarshal.GetArrayDataReference(dst);
        int plane = h * wd;
        int image = n * c * plane;
        int yLo = Math.Max(0, g.PadTop), yHi = Math.Min(hp, h + g.PadTop);
        if (layout.FoldsKx && c == 1 && lanes == 4)
        {
            FoldSingleChannel(x, g, image, yLo, yHi, wp, dst);
            return;
        }
        for (int py = yLo; py < yHi; py++)
        {
            int iy = py - g.PadTop;
            for (int kx = 0; kx < kws; kx++)
            {
                // px such that ix = px + kx·dw − pl lies in [0, W).
                int shiftX = kx * g.DilationW - g.PadLeft;
                int xLo = Math.Max(0, -shiftX), xHi = Math.Min(wp, wd - shiftX);
                int ch = 0;
                if (!layout.FoldsKx)
                    for (; ch + 16 <= c; ch += 16)
                        TransposeChannels16(x, image + ch * plane + iy * wd + shiftX, plane, xLo, xHi, ref Unsafe.Add(ref d, py * wp * lanes + ch), lanes);
                for (; ch < c; ch++)
                {
                    int s = image + ch * plane + iy * wd + shiftX;
                    int o = py * wp * lanes + kx * c + ch;
                    for (int px = xLo; px < xHi; px++)
                        Unsafe.Add(ref d, o + px * lanes) = (byte)(Unsafe.Add(ref src, s + px) ^ unchecked((sbyte)0x80));
                }
            }
        }
    }

    /// <summary>
    /// The folded layout of a one-channel input with kw ≤ 4 (lane j = tap kx = j, lanes past kw meet zero
    /// weights), vectorised: per image row, the biased row with its zero padding is built once, then 16
    /// pixels at a time the kw shifted copies are interleaved into 4-byte pixels.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FoldSingleChannel(sbyte[] x, Conv2dGeometry g, int image, int yLo, int yHi, int wp, byte[] dst)
    {
        int wd = g.W, dw = g.DilationW, kw = g.KW;
        // row[k] = x[iy, k − pl] + 128, or 128 outside the row; long enough for every shifted 16-byte read.
        int rowLength = wp + (kw - 1) * dw + 16;
        Span<byte> row = rowLength <= 1024 ? stackalloc byte[rowLength] : new byte[rowLength];
        Span<byte> staged = stackalloc byte[64];
        row.Fill(0x80);
        int kLo = Math.Max(0, g.PadLeft), kHi = Math.Min(rowLength, wd + g.PadLeft);
        var flip = Vector128.Create((byte)0x80);
        ref byte r = ref MemoryMarshal.GetReference(row);
        ref byte d = ref MemoryMarshal.GetArrayDataReference(dst);
        for (int py = yLo; py < yHi; py++)
        {
            int src = image + (py - g.PadTop) * wd - g.PadLeft;
            int k = kLo;
            for (; k + 16 <= kHi; k += 16)
                (Vector128.LoadUnsafe(ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetArrayDataReference(x)), (nuint)(src + k)) ^ flip).StoreUnsafe(ref r, (nuint)k);
            for (; k < kHi; k++) row[k] = (byte)(x[src + k] ^ unchecked((sbyte)0x80));
            for (int px = 0; px < wp; px += 16)
            {
                var v0 = Vector128.LoadUnsafe(ref r, (nuint)px);
                var v1 = kw > 1 ? Vector128.LoadUnsafe(ref r, (nuint)(px + dw)) : flip;
                var v2 = kw > 2 ? Vector128.LoadUnsafe(ref r, (nuint)(px + 2 * dw)) : flip;
                var v3 = kw > 3 ? Vector128.LoadUnsafe(ref r, (nuint)(px + 3 * dw)) : flip;
                var lo01 = Sse2.UnpackLow(v0, v1).AsUInt16(); var hi01 = Sse2.UnpackHigh(v0, v1).AsUInt16();
                var lo23 = Sse2.UnpackLow(v2, v3).AsUInt16(); var hi23 = Sse2.UnpackHigh(v2, v3).AsUInt16();
                int count = Math.Min(16, wp - px);
                // A full group goes straight to the buffer; the row's last, partial one through a stage so
                // that the next row's cells keep their padding.
                ref byte o = ref count == 16 ? ref Unsafe.Add(ref d, (py * wp + px) * 4) : ref MemoryMarshal.GetReference(staged);
                Sse2.UnpackLow(lo01, lo23).AsByte().StoreUnsafe(ref o, 0);
                Sse2.UnpackHigh(lo01, lo23).AsByte().StoreUnsafe(ref o, 16);
                Sse2.UnpackLow(hi01, hi23).AsByte().StoreUnsafe(ref o, 32);
                Sse2.UnpackHigh(hi01, hi23).AsByte().StoreUnsafe(ref o, 48);
                if (count < 16) staged[..(count * 4)].CopyTo(dst.AsSpan((py * wp + px) * 4));
            }
        }
    }

    /// <summary>
    /// Channels ch..ch+15 of one input row into the padded buffer: dst[px·lanes + i] = src[rowStart + i·plane + px] + 128
    /// for px in [xLo, xHi), 16 pixels at a time through a 16×16 byte transpose (scalar where a 16-byte read
    /// would pass the end of the input).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeChannels16(sbyte[] x, int rowStart, int plane, int xLo, int xHi, ref byte dst, int lanes)
    {
        var flip = Vector128.Create((byte)0x80);
        int px = xLo;
        for (; px < xHi; px += 16)
        {
            if (rowStart + 15 * plane + px + 16 > x.Length) break;
            // Straight into the buffer, 16 pixels even where fewer are left in the row: the extra pixels
            // land on padding (or on cells of later rows, written after this) and get their biased zeros back.
            ByteTranspose.Transpose16x16(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), rowStart + px)), plane,
                ref Unsafe.Add(ref dst, px * lanes), lanes, flip);
            for (int k = xHi; k < px + 16; k++) flip.StoreUnsafe(ref dst, (nuint)(k * lanes));
        }
        for (; px < xHi; px++)
            for (int i = 0; i < 16; i++)
                Unsafe.Add(ref dst, px * lanes + i) = (byte)(x[rowStart + i * plane + px] ^ unchecked((sbyte)0x80));
    }

    /// <summary>All tiles of output-channel block <paramref name="b"/> (16 channels) of image <paramref name="n"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunBlock(Job job, int b, int n)
    {
        var layout = job.Layout;
        ref byte xr = ref MemoryMarshal.GetArrayDataReference(job.Padded);
        ref byte wr = ref MemoryMarshal.GetArrayDataReference(layout.Weights);
        var plan = job.Plan;
        int[] bases = plan.Bases, offsets = plan.StepOffsets;
        nuint blockStart = (nuint)(b * offsets.Length * 64);
        var c0 = Vector256.Create(layout.Correction, b * 16);
        var c1 = Vector256.Create(layout.Correction, b * 16 + 8);
        Span<Vector256<int>> results = stackalloc Vector256<int>[2 * TilePositions];
        var bias0 = Vector256.Create(plan.Biases, b * 16);
        var bias1 = Vector256.Create(plan.Biases, b * 16 + 8);
        // A saturating add saturates toward the bias's sign.
        var sat0 = Vector256.ConditionalSelect(Vector256.IsNegative(bias0), Vector256.Create(int.MinValue), Vector256.Create(int.MaxValue));
        var sat1 = Vector256.ConditionalSelect(Vector256.IsNegative(bias1), Vector256.Create(int.MinValue), Vector256.Create(int.MaxValue));
        bool hasBias = plan.HasBias;
        int shift = job.Shift;
        byte[]? pixels = job.Pixels;
        bool relu = job.Relu;
        // Where no sum can overflow, the bias and the rounding half start the accumulator and the
        // requantization is one shift (the packs saturate); otherwise the exact saturating steps follow the loop.
        bool fused = pixels is not null && plan.FusesBiasAndRounding(shift);
        var round = Vector256.Create(fused && shift > 0 ? 1 << (shift - 1) : 0);
        var start0 = fused ? bias0 - c0 + round : -c0;
        var start1 = fused ? bias1 - c1 + round : -c1;
        nuint pixelStart = (nuint)(b * plan.Tiles * TilePositions * 16);
        for (int t = 0; t < plan.Tiles; t++)
        {
            int q0 = t * TilePositions;
            Tile(ref xr, bases, q0, ref Unsafe.Add(ref wr, blockStart), offsets, start0, start1, results);
            // Written out per accumulator, not as a loop over results: the loop (branches per entry, a memory round
            // trip) measured 1.5 µs slower per quickstart run (linger bench, 19.2 vs 20.8 µs median, idle).
            Vector256<int> a00 = results[0], a01 = results[1], a10 = results[2], a11 = results[3], a20 = results[4], a21 = results[5],
                           a30 = results[6], a31 = results[7], a40 = results[8], a41 = results[9], a50 = results[10], a51 = results[11];
            if (fused)
            {
                if (shift > 0)
                {
                    a00 = Vector256.ShiftRightArithmetic(a00, shift); a01 = Vector256.ShiftRightArithmetic(a01, shift);
                    a10 = Vector256.ShiftRightArithmetic(a10, shift); a11 = Vector256.ShiftRightArithmetic(a11, shift);
                    a20 = Vector256.ShiftRightArithmetic(a20, shift); a21 = Vector256.ShiftRightArithmetic(a21, shift);
                    a30 = Vector256.ShiftRightArithmetic(a30, shift); a31 = Vector256.ShiftRightArithmetic(a31, shift);
                    a40 = Vector256.ShiftRightArithmetic(a40, shift); a41 = Vector256.ShiftRightArithmetic(a41, shift);
                    a50 = Vector256.ShiftRightArithmetic(a50, shift); a51 = Vector256.ShiftRightArithmetic(a51, shift);
                }
            }
            else
            {
                if (hasBias)
                {
                    a00 = RequantizeFast.AddSaturating(a00, bias0, sat0); a01 = RequantizeFast.AddSaturating(a01, bias1, sat1);
                    a10 = RequantizeFast.AddSaturating(a10, bias0, sat0); a11 = RequantizeFast.AddSaturating(a11, bias1, sat1);
                    a20 = RequantizeFast.AddSaturating(a20, bias0, sat0); a21 = RequantizeFast.AddSaturating(a21, bias1, sat1);
                    a30 = RequantizeFast.AddSaturating(a30, bias0, sat0); a31 = RequantizeFast.AddSaturating(a31, bias1, sat1);
                    a40 = RequantizeFast.AddSaturating(a40, bias0, sat0); a41 = RequantizeFast.AddSaturating(a41, bias1, sat1);
                    a50 = RequantizeFast.AddSaturating(a50, bias0, sat0); a51 = RequantizeFast.AddSaturating(a51, bias1, sat1);
                }
                if (pixels is not null)
                {
                    a00 = RequantizeFast.Shift(a00, shift); a01 = RequantizeFast.Shift(a01, shift);
                    a10 = RequantizeFast.Shift(a10, shift); a11 = RequantizeFast.Shift(a11, shift);
                    a20 = RequantizeFast.Shift(a20, shift); a21 = RequantizeFast.Shift(a21, shift);
                    a30 = RequantizeFast.Shift(a30, shift); a31 = RequantizeFast.Shift(a31, shift);
                    a40 = RequantizeFast.Shift(a40, shift); a41 = RequantizeFast.Shift(a41, shift);
                    a50 = RequantizeFast.Shift(a50, shift); a51 = RequantizeFast.Shift(a51, shift);
                }
            }
            if (pixels is not null)
            {
                // Channels-last int8, 16 bytes a pixel; transposed into [OC, OH·OW] once the block is done.
                ref byte pr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(pixels), pixelStart + (nuint)(q0 * 16));
                var floor = relu ? Vector256<sbyte>.Zero : Vector256.Create(sbyte.MinValue);
                Vector256.Max(PackPair(a00, a01, a10, a11).AsSByte(), floor).StoreUnsafe(ref Unsafe.As<byte, sbyte>(ref pr), 0);
                Vector256.Max(PackPair(a20, a21, a30, a31).AsSByte(), floor).StoreUnsafe(ref Unsafe.As<byte, sbyte>(ref pr), 32);
                Vector256.Max(PackPair(a40, a41, a50, a51).AsSByte(), floor).StoreUnsafe(ref Unsafe.As<byte, sbyte>(ref pr), 64);
            }
            else
            {
                // Through memory, not as arguments: accumulators live across a call would be spilled inside the loop.
                results[0] = a00; results[1] = a01; results[2] = a10; results[3] = a11;
                results[4] = a20; results[5] = a21; results[6] = a30; results[7] = a31;
                results[8] = a40; results[9] = a41; results[10] = a50; results[11] = a51;
                StoreInt32(job, results, b, n, q0);
            }
        }
        if (pixels is not null) TransposeIntoOutput(job, b, n);
    }

    /// <summary>
    /// The register tile: 6 pixels (windows at <paramref name="bases"/>[q0..q0+5]) × 16 channels summed over
    /// every reduction step, from <paramref name="start0"/>/<paramref name="start1"/>, into <paramref name="acc"/>.
    /// A method of its own so that only the loop's 15 vectors are live: the AVX-VNNI destination must be one of
    /// the first 16 registers, and anything else live across the loop pushes accumulators out of them.
    /// One flat loop over the steps: nested tap/channel loops make the JIT spill the accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Tile(ref byte xr, int[] bases, int q0, ref byte w, int[] offsets, Vector256<int> start0, Vector256<int> start1, Span<Vector256<int>> acc)
    {
        // Each pixel's window start as a ref: the step loop then addresses [window + offset] directly.
        ref byte p0 = ref Unsafe.Add(ref xr, bases[q0]);
        ref byte p1 = ref Unsafe.Add(ref xr, bases[q0 + 1]);
        ref byte p2 = ref Unsafe.Add(ref xr, bases[q0 + 2]);
        ref byte p3 = ref Unsafe.Add(ref xr, bases[q0 + 3]);
        ref byte p4 = ref Unsafe.Add(ref xr, bases[q0 + 4]);
        ref byte p5 = ref Unsafe.Add(ref xr, bases[q0 + 5]);
        Vector256<int> a00 = start0, a01 = start1, a10 = start0, a11 = start1, a20 = start0, a21 = start1,
                       a30 = start0, a31 = start1, a40 = start0, a41 = start1, a50 = start0, a51 = start1;
        ref int o = ref MemoryMarshal.GetArrayDataReference(offsets);
        int steps = offsets.Length;
        for (int k = 0; k < steps; k++, w = ref Unsafe.Add(ref w, 64))
        {
            nint off = Unsafe.Add(ref o, k);
            var w0 = Vector256.LoadUnsafe(ref w).AsSByte();
            var w1 = Vector256.LoadUnsafe(ref w, 32).AsSByte();
            var x0 = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref p0, off))).AsByte();
            a00 = AvxVnni.MultiplyWideningAndAdd(a00, x0, w0);
            a01 = AvxVnni.MultiplyWideningAndAdd(a01, x0, w1);
            var x1 = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref p1, off))).AsByte();
            a10 = AvxVnni.MultiplyWideningAndAdd(a10, x1, w0);
            a11 = AvxVnni.MultiplyWideningAndAdd(a11, x1, w1);
            var x2 = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref p2, off))).AsByte();
            a20 = AvxVnni.MultiplyWideningAndAdd(a20, x2, w0);
            a21 = AvxVnni.MultiplyWideningAndAdd(a21, x2, w1);
            var x3 = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref p3, off))).AsByte();
            a30 = AvxVnni.MultiplyWideningAndAdd(a30, x3, w0);
            a31 = AvxVnni.MultiplyWideningAndAdd(a31, x3, w1);
            var x4 = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref p4, off))).AsByte();
            a40 = AvxVnni.MultiplyWideningAndAdd(a40, x4, w0);
            a41 = AvxVnni.MultiplyWideningAndAdd(a41, x4, w1);
            var x5 = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref p5, off))).AsByte();
            a50 = AvxVnni.MultiplyWideningAndAdd(a50, x5, w0);
            a51 = AvxVnni.MultiplyWideningAndAdd(a51, x5, w1);
        }
        acc[0] = a00; acc[1] = a01; acc[2] = a10; acc[3] = a11; acc[4] = a20; acc[5] = a21;
        acc[6] = a30; acc[7] = a31; acc[8] = a40; acc[9] = a41; acc[10] = a50; acc[11] = a51;
    }

    /// <summary>
    /// Two pixels' accumulators (lanes in <see cref="DirectConvWeights.LaneChannel"/> order) as 32 int8 bytes,
    /// 16 channels of the first pixel then 16 of the second, each SAT8: the in-lane saturating packs put
    /// channels 0–7 in the low and 8–15 in the high 128-bit half, and one qword permute joins each pixel's halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> PackPair(Vector256<int> pLo, Vector256<int> pHi, Vector256<int> qLo, Vector256<int> qHi)
    {
        var bytes = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(pLo, pHi), Avx2.PackSignedSaturate(qLo, qHi));
        return Avx2.Permute4x64(bytes.AsUInt64(), 0b11_01_10_00).AsByte();
    }

    /// <summary>SAT32(acc + bias) of one tile, stored channels-first (the int32 output; no transposes here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StoreInt32(Job job, Span<Vector256<int>> tile, int b, int n, int q0)
    {
        int oc0 = b * 16, channels = Math.Min(16, job.Layout.OutChannels - oc0), p = job.Plan.Positions;
        int image = n * job.Layout.OutChannels * p;
        Span<int> lanes = MemoryMarshal.Cast<Vector256<int>, int>(tile);
        for (int j = 0; j < TilePositions && q0 + j < p; j++)
            for (int i = 0; i < 16; i++)
                if (DirectConvWeights.LaneChannel[i] < channels)
                    job.Acc![image + (oc0 + DirectConvWeights.LaneChannel[i]) * p + q0 + j] = lanes[16 * j + i];
    }

    /// <summary>Moves block <paramref name="b"/>'s channels-last bytes into y[n, oc, ·], 16×16 bytes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeIntoOutput(Job job, int b, int n)
    {
        var pixels = job.Pixels!;
        int oc0 = b * 16, channels = Math.Min(16, job.Layout.OutChannels - oc0), p = job.Plan.Positions;
        int start = b * job.Plan.Tiles * TilePositions * 16;
        var y = job.Y!;
        int image = n * job.Layout.OutChannels * p;
        int q = 0;
        if (channels == 16)
            for (; q + 16 <= p; q += 16)
                ByteTranspose.Transpose16x16(ref pixels[start + q * 16], 16, ref Unsafe.As<sbyte, byte>(ref y[image + oc0 * p + q]), p, Vector128<byte>.Zero);
        for (; q < p; q++)
            for (int i = 0; i < channels; i++)
                y[image + (oc0 + i) * p + q] = unchecked((sbyte)pixels[start + q * 16 + i]);
    }
}
