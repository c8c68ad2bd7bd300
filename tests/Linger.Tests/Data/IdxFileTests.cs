using System.IO.Compression;
using LingerNet.Data;
using Xunit;

namespace LingerNet.Tests.Data;

public class IdxFileTests
{
    private static IdxArray Sample()
    {
        var data = new byte[3 * 4 * 5];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + 3);
        return new IdxArray([3, 4, 5], data);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_WrittenFile_RoundTrips(bool gzip)
    {
        using var dir = new TempDir();
        var path = dir.File(gzip ? "x.gz" : "x");
        var a = Sample();
        IdxFile.Write(path, a, gzip);
        var b = IdxFile.Read(path);
        Assert.Equal(a.Shape, b.Shape);
        Assert.Equal(a.Data, b.Data);
        Assert.Equal(3, b.Count);
        Assert.Equal(20, b.SampleSize);
    }

    [Fact]
    public void Write_Images_HasMagic2051AndBigEndianDims()
    {
        using var dir = new TempDir();
        var path = dir.File("img");
        IdxFile.Write(path, new IdxArray([2, 28, 28], new byte[2 * 28 * 28]), gzip: false);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28 }, bytes[..16]);
        Assert.Equal(2051, (bytes[2] << 8) | bytes[3]);
    }

    [Fact]
    public void Read_GzipCompressedWithOtherName_DetectsCompressionFromContent()
    {
        using var dir = new TempDir();
        var path = dir.File("labels.bin");
        IdxFile.Write(path, new IdxArray([4], [1, 2, 3, 4]), gzip: true);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, IdxFile.Read(path).Data);
    }

    [Fact]
    public void Read_MissingFile_NamesFile()
    {
        using var dir = new TempDir();
        var path = dir.File("nope-idx1-ubyte.gz");
        var e = Assert.Throws<LingerException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void Read_TruncatedData_SaysTruncatedAndCounts()
    {
        using var dir = new TempDir();
        var path = dir.File("t");
        IdxFile.Write(path, Sample(), gzip: false);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^7]);
        var e = Assert.Throws<LingerException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("needs 60 data bytes, found 53", e.Message);
    }

    [Fact]
    public void Read_TruncatedHeader_SaysTruncated()
    {
        using var dir = new TempDir();
        var path = dir.File("h");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0, 0, 2, 0, 0]);
        var e = Assert.Throws<LingerException>(() => IdxFile.Read(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_TrailingBytes_Rejected()
    {
        using var dir = new TempDir();
        var path = dir.File("t");
        IdxFile.Write(path, new IdxArray([2], [5, 6]), gzip: false);
        File.AppendAllText(path, "xx");
        var e = Assert.Throws<LingerException>(() => IdxFile.Read(path));
        Assert.Contains("2 unexpected trailing bytes", e.Message);
    }

    [Fact]
    public void Read_BadMagic_SaysMagic()
    {
        using var dir = new TempDir();
        var path = dir.File("m");
        File.WriteAllText(path, "<html>not found</html>");
        var e = Assert.Throws<LingerException>(() => IdxFile.Read(path));
        Assert.Contains("magic", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_NonByteElementType_Rejected()
    {
        var e = Assert.Throws<LingerException>(() => IdxFile.Parse([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], "floats"));
        Assert.Contains("element type 0x0D", e.Message);
    }

    [Fact]
    public void Read_CorruptGzip_SaysGzipAndNamesFile()
    {
        using var dir = new TempDir();
        var path = dir.File("c.gz");
        IdxFile.Write(path, Sample(), gzip: true);
        var bytes = File.ReadAllBytes(path);
        for (int i = 12; i < bytes.Length - 8; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<LingerException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void Read_TruncatedGzip_Rejected()
    {
        using var dir = new TempDir();
        var path = dir.File("c.gz");
        var big = new byte[10000];
        new Random(1).NextBytes(big);
        IdxFile.Write(path, new IdxArray([10000], big), gzip: true);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<LingerException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void IdxArray_DataLengthMismatch_Throws()
        => Assert.Throws<ArgumentException>(() => new IdxArray([2, 2], new byte[3]));
}
