using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>Byte-matrix transposes (SSE2) for moving channels-last results into the runtime's channels-first tensors.</summary>
internal static class ByteTranspose
{
    /// <summary>
    /// dst[i·dstStride + r] = src[r·srcStride + i] ^ xor for r, i &lt; 16: sixteen 16-byte rows become sixteen
    /// 16-byte columns, in four rounds of interleaving (bytes, then pairs, quads and halves). The caller
    /// guarantees that all 16 rows of 16 bytes can be read and written.
    /// </summary>
    public static void Transpose16x16(ref byte src, int srcStride, ref byte dst, int dstStride, Vector128<byte> xor)
    {
        var r0 = Row(ref src, srcStride, 0, xor); var r1 = Row(ref src, srcStride, 1, xor);
        var r2 = Row(ref src, srcStride, 2, xor); var r3 = Row(ref src, srcStride, 3, xor);
        var r4 = Row(ref src, srcStride, 4, xor); var r5 = Row(ref src, srcStride, 5, xor);
        var r6 = Row(ref src, srcStride, 6, xor); var r7 = Row(ref src, srcStride, 7, xor);
        var r8 = Row(ref src, srcStride, 8, xor); var r9 = Row(ref src, srcStride, 9, xor);
        var r10 = Row(ref src, srcStride, 10, xor); var r11 = Row(ref src, srcStride, 11, xor);
        var r12 = Row(ref src, srcStride, 12, xor); var r13 = Row(ref src, srcStride, 13, xor);
        var r14 = Row(ref src, srcStride, 14, xor); var r15 = Row(ref src, srcStride, 15, xor);
        // Round 1, bytes: aK holds rows 2K, 2K+1 interleaved for bytes 0–7 (bK for bytes 8–15).
        var a0 = Sse2.UnpackLow(r0, r1); var b0 = Sse2.UnpackHigh(r0, r1);
        var a1 = Sse2.UnpackLow(r2, r3); var b1 = Sse2.UnpackHigh(r2, r3);
        var a2 = Sse2.UnpackLow(r4, r5); var b2 = Sse2.UnpackHigh(r4, r5);
        var a3 = Sse2.UnpackLow(r6, r7); var b3 = Sse2.UnpackHigh(r6, r7);
        var a4 = Sse2.UnpackLow(r8, r9); var b4 = Sse2.UnpackHigh(r8, r9);
        var a5 = Sse2.UnpackLow(r10, r11); var b5 = Sse2.UnpackHigh(r10, r11);
        var a6 = Sse2.UnpackLow(r12, r13); var b6 = Sse2.UnpackHigh(r12, r13);
        var a7 = Sse2.UnpackLow(r14, r15); var b7 = Sse2.UnpackHigh(r14, r15);
        // Round 2, pairs: 4 rows × bytes 0–3, 4–7, 8–11, 12–15.
        var c0 = U16Lo(a0, a1); var c1 = U16Hi(a0, a1); var c2 = U16Lo(b0, b1); var c3 = U16Hi(b0, b1);
        var c4 = U16Lo(a2, a3); var c5 = U16Hi(a2, a3); var c6 = U16Lo(b2, b3); var c7 = U16Hi(b2, b3);
        var c8 = U16Lo(a4, a5); var c9 = U16Hi(a4, a5); var c10 = U16Lo(b4, b5); var c11 = U16Hi(b4, b5);
        var c12 = U16Lo(a6, a7); var c13 = U16Hi(a6, a7); var c14 = U16Lo(b6, b7); var c15 = U16Hi(b6, b7);
        // Round 3, quads: 8 rows × two bytes each.
        var d0 = U32Lo(c0, c4); var d1 = U32Hi(c0, c4); var d2 = U32Lo(c1, c5); var d3 = U32Hi(c1, c5);
        var d4 = U32Lo(c2, c6); var d5 = U32Hi(c2, c6); var d6 = U32Lo(c3, c7); var d7 = U32Hi(c3, c7);
        var d8 = U32Lo(c8, c12); var d9 = U32Hi(c8, c12); var d10 = U32Lo(c9, c13); var d11 = U32Hi(c9, c13);
        var d12 = U32Lo(c10, c14); var d13 = U32Hi(c10, c14); var d14 = U32Lo(c11, c15); var d15 = U32Hi(c11, c15);
        // Round 4, halves: 16 rows × one byte = one column; dK and d(K+8) hold column pairs 2K, 2K+1.
        ref byte d = ref dst;
        Store(ref d, dstStride, 0, d0, d8); Store(ref d, dstStride, 2, d1, d9);
        Store(ref d, dstStride, 4, d2, d10); Store(ref d, dstStride, 6, d3, d11);
        Store(ref d, dstStride, 8, d4, d12); Store(ref d, dstStride, 10, d5, d13);
        Store(ref d, dstStride, 12, d6, d14); Store(ref d, dstStride, 14, d7, d15);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Row(ref byte src, int stride, int r, Vector128<byte> xor) =>
        Vector128.LoadUnsafe(ref src, (nuint)(r * stride)) ^ xor;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref byte d, int stride, int column, Vector128<byte> rows0To7, Vector128<byte> rows8To15)
    {
        Sse2.UnpackLow(rows0To7.AsUInt64(), rows8To15.AsUInt64()).AsByte().StoreUnsafe(ref d, (nuint)(column * stride));
        Sse2.UnpackHigh(rows0To7.AsUInt64(), rows8To15.AsUInt64()).AsByte().StoreUnsafe(ref d, (nuint)((column + 1) * stride));
    }

    private static Vector128<byte> U16Lo(Vector128<byte> x, Vector128<byte> y) => Sse2.UnpackLow(x.AsUInt16(), y.AsUInt16()).AsByte();
    private static Vector128<byte> U16Hi(Vector128<byte> x, Vector128<byte> y) => Sse2.UnpackHigh(x.AsUInt16(), y.AsUInt16()).AsByte();
    private static Vector128<byte> U32Lo(Vector128<byte> x, Vector128<byte> y) => Sse2.UnpackLow(x.AsUInt32(), y.AsUInt32()).AsByte();
    private static Vector128<byte> U32Hi(Vector128<byte> x, Vector128<byte> y) => Sse2.UnpackHigh(x.AsUInt32(), y.AsUInt32()).AsByte();
}
