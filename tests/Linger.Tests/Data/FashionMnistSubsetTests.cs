using LingerNet.Data;
using Xunit;

namespace LingerNet.Tests.Data;

public class FashionMnistSubsetTests
{
    [Fact]
    public void Select_TakesFirstKOfEachClassInFileOrder()
    {
        byte[] labels = [3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3, 0, 1, 2, 4, 5, 6, 7, 8, 9, 3];
        var picked = FashionMnistSubset.Select(labels, 1, "train");
        Assert.Equal(Enumerable.Range(0, 11).Where(i => i != 4), picked);
    }

    [Fact]
    public void Select_TooFewOfAClass_NamesClass()
    {
        byte[] labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8];
        var e = Assert.Throws<LingerException>(() => FashionMnistSubset.Select(labels, 2, "test"));
        Assert.Contains("only 1 samples of class 9", e.Message);
    }

    [Fact]
    public void Create_TinySet_WritesBalancedSubset()
    {
        using var src = new TempDir();
        using var dst = new TempDir();
        FashionMnistTests.WriteTiny(src.Path, 50, 30);
        FashionMnistSubset.Create(src.Path, dst.Path, 2, 1);
        var (img, lab) = FashionMnist.ReadSplit(dst.Path, train: true);
        Assert.Equal(new[] { 20, 28, 28 }, img.Shape);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)(i % 10)), lab.Data);
        Assert.Equal((byte)13, img.Data[13 * 784]); // sample 13 of the source, pixel 0
    }

    /// <summary>
    /// The committed subset is exactly the documented selection from Debian's full set. Needs the package
    /// dataset-fashion-mnist; without it the test has nothing to compare against and passes trivially.
    /// </summary>
    [Fact]
    public void BundledSubset_EqualsSelectionFromFullSet()
    {
        if (!File.Exists(Path.Combine(FashionMnist.DebianFolder, FashionMnist.TrainLabelsFile + ".gz"))) return;
        var bundled = FashionMnist.FindBundledSubset();
        Assert.NotNull(bundled);
        using var fresh = new TempDir();
        FashionMnistSubset.Create(FashionMnist.DebianFolder, fresh.Path, 600, 100);
        foreach (var train in new[] { true, false })
        {
            var (ai, al) = FashionMnist.ReadSplit(bundled!, train);
            var (bi, bl) = FashionMnist.ReadSplit(fresh.Path, train);
            Assert.Equal(bl.Data, al.Data);
            Assert.True(ai.Data.AsSpan().SequenceEqual(bi.Data), "image bytes differ from a fresh selection");
        }
    }
}
