using LingerNet.Runtime.Kernels.Fast;
using Xunit;

namespace LingerNet.Runtime.Tests.Fast;

public class ByteTransposeTests
{
    [Fact]
    public void Transpose16x16_DistinctBytes_LandEachAtItsMirroredPlace()
    {
        // 256 distinct values, an offset source and a strided destination with untouched gaps.
        var src = new byte[7 + 256];
        for (int k = 0; k < 256; k++) src[7 + k] = (byte)k;
        const int stride = 21, start = 3;
        var dst = new sbyte[start + 15 * stride + 16 + 5];
        Array.Fill(dst, (sbyte)-1);
        ByteTranspose.Transpose16x16(ref src[7], 16, ref System.Runtime.CompilerServices.Unsafe.As<sbyte, byte>(ref dst[start]), stride,
            System.Runtime.Intrinsics.Vector128<byte>.Zero);
        for (int row = 0; row < 16; row++)
        for (int i = 0; i < 16; i++)
            Assert.Equal(unchecked((sbyte)src[7 + 16 * row + i]), dst[start + i * stride + row]);
        Assert.Equal(-1, dst[start + 16]); // the gap after the first column's 16 bytes
        Assert.Equal(-1, dst[^1]);
    }

    [Fact]
    public void Transpose16x16_StridedSourceWithXor_FlipsEveryByte()
    {
        const int srcStride = 19;
        var src = new byte[15 * srcStride + 16];
        new Random(3).NextBytes(src);
        var dst = new byte[256];
        ByteTranspose.Transpose16x16(ref src[0], srcStride, ref dst[0], 16, System.Runtime.Intrinsics.Vector128.Create((byte)0x80));
        for (int row = 0; row < 16; row++)
        for (int i = 0; i < 16; i++)
            Assert.Equal((byte)(src[row * srcStride + i] ^ 0x80), dst[i * 16 + row]);
    }
}
