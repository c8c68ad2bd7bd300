using LingerNet.Data;
using TorchSharp;
using Xunit;

namespace LingerNet.Tests.Data;

public class FashionMnistTests
{
    /// <summary>Writes a tiny Fashion-MNIST-shaped data set: pixel = (i + p) % 256, label = i % 10.</summary>
    internal static void WriteTiny(string dir, int train, int test, bool gzip = true)
    {
        foreach (var (images, labels, n) in new[]
                 {
                     (FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile, train),
                     (FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile, test),
                 })
        {
            var img = new byte[n * 28 * 28];
            for (int i = 0; i < n; i++)
                for (int p = 0; p < 784; p++) img[i * 784 + p] = (byte)((i + p) % 256);
            var lab = new byte[n];
            for (int i = 0; i < n; i++) lab[i] = (byte)(i % 10);
            var ext = gzip ? ".gz" : "";
            IdxFile.Write(Path.Combine(dir, images + ext), new IdxArray([n, 28, 28], img), gzip);
            IdxFile.Write(Path.Combine(dir, labels + ext), new IdxArray([n], lab), gzip);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Load_TinySet_ShapesTypesAndScaling(bool gzip)
    {
        using var dir = new TempDir();
        WriteTiny(dir.Path, 23, 11, gzip);
        using var d = FashionMnist.Load(dir.Path);
        Assert.Equal(new long[] { 23, 1, 28, 28 }, d.Train.Images.shape);
        Assert.Equal(new long[] { 11, 1, 28, 28 }, d.Test.Images.shape);
        Assert.Equal(torch.ScalarType.Float32, d.Train.Images.dtype);
        Assert.Equal(torch.ScalarType.Int64, d.Train.Labels.dtype);
        Assert.Equal(7L, d.Train.Labels[17].item<long>());
        Assert.Equal((5 + 100) / 255f, d.Train.Images[5, 0, 3, 16].item<float>(), 6); // p = 3*28+16 = 100
        Assert.InRange(d.Train.Images.max().item<float>(), 0.99f, 1f);
        Assert.Equal(0f, d.Train.Images.min().item<float>());
    }

    [Fact]
    public void Load_MissingDirectory_NamesDirectory()
    {
        var e = Assert.Throws<LingerException>(() => FashionMnist.Load("/no/such/fashion-dir"));
        Assert.Contains("/no/such/fashion-dir", e.Message);
    }

    [Fact]
    public void Load_MissingLabelsFile_NamesFile()
    {
        using var dir = new TempDir();
        WriteTiny(dir.Path, 5, 5);
        File.Delete(dir.File(FashionMnist.TestLabelsFile + ".gz"));
        var e = Assert.Throws<LingerException>(() => FashionMnist.Load(dir.Path));
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void Load_CountMismatch_NamesBothFiles()
    {
        using var dir = new TempDir();
        WriteTiny(dir.Path, 5, 5);
        IdxFile.Write(dir.File(FashionMnist.TrainLabelsFile + ".gz"), new IdxArray([4], [0, 1, 2, 3]), gzip: true);
        var e = Assert.Throws<LingerException>(() => FashionMnist.Load(dir.Path));
        Assert.Contains("4 labels", e.Message);
        Assert.Contains("5 images", e.Message);
    }

    [Fact]
    public void Load_LabelOutOfRange_Rejected()
    {
        using var dir = new TempDir();
        WriteTiny(dir.Path, 3, 3);
        IdxFile.Write(dir.File(FashionMnist.TestLabelsFile + ".gz"), new IdxArray([3], [0, 12, 3]), gzip: true);
        var e = Assert.Throws<LingerException>(() => FashionMnist.Load(dir.Path));
        Assert.Contains("label 12 at index 1", e.Message);
    }

    [Fact]
    public void Load_ImagesWithWrongSize_Rejected()
    {
        using var dir = new TempDir();
        WriteTiny(dir.Path, 3, 3);
        IdxFile.Write(dir.File(FashionMnist.TrainImagesFile + ".gz"), new IdxArray([3, 32, 32], new byte[3 * 1024]), gzip: true);
        var e = Assert.Throws<LingerException>(() => FashionMnist.Load(dir.Path));
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
        Assert.Contains("[3, 32, 32]", e.Message);
    }

    [Fact]
    public void Load_BundledSubset_HasBalancedCounts()
    {
        var dir = FashionMnist.FindBundledSubset();
        Assert.NotNull(dir);
        using var d = FashionMnist.Load(dir!);
        Assert.Equal(6000, d.Train.Count);
        Assert.Equal(1000, d.Test.Count);
        Assert.Equal(Enumerable.Repeat(600L, 10), d.Train.Labels.bincount(null).data<long>().ToArray());
        Assert.Equal(Enumerable.Repeat(100L, 10), d.Test.Labels.bincount(null).data<long>().ToArray());
        double mean = d.Train.Images.mean().item<float>();
        Assert.InRange(mean, 0.2, 0.4); // Fashion-MNIST's pixel mean is 0.286
    }

    [Fact]
    public void Batch_SelectsRequestedSamples()
    {
        using var dir = new TempDir();
        WriteTiny(dir.Path, 12, 2);
        using var d = FashionMnist.Load(dir.Path);
        using var scope = torch.NewDisposeScope();
        var (x, y) = d.Train.Batch([11, 0, 4]);
        Assert.Equal(new long[] { 3, 1, 28, 28 }, x.shape);
        Assert.Equal(new long[] { 1, 0, 4 }, y.data<long>().ToArray());
        Assert.Equal(11 / 255f, x[0, 0, 0, 0].item<float>(), 6);
    }
}
