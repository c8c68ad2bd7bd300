using LingerNet.Cli.Plots;
using Xunit;

namespace LingerNet.Cli.Tests;

public class ConfusionMatrixPlotTests
{
    [Fact]
    public void Save_SmallMatrix_WritesAPng()
    {
        using var dir = new TempFolder();
        var path = dir.File("c.png");
        ConfusionMatrixPlot.Save(new[,] { { 5, 1, 0 }, { 0, 6, 0 }, { 2, 0, 4 } }, ["yes", "no", "silence"], path, "test");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
