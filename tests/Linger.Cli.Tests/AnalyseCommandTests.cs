using System.Text.Json;
using LingerNet.Modules;
using LingerNet.Samples;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Cli.Tests;

public class AnalyseCommandTests
{
    private static readonly Lock s_torch = new();

    /// <summary>Saves a QAT checkpoint of a width-4 quickstart network (two-stage or single-stage), optionally with conv2's output statistic made 256× too large.</summary>
    private static void Checkpoint(string path, bool twoStage, bool defect)
    {
        lock (s_torch)
        {
            using var scope = NewDisposeScope();
            random.manual_seed(0);
            var net = new QuickstartNet(width: 4);
            if (twoStage) Linger.Constrain(net, rand(1, 1, 28, 28));
            Linger.Init(net);
            net.train();
            using (no_grad())
                for (int i = 0; i < 20; i++) net.call(rand(16, 1, 28, 28));
            if (defect) ((QuantizedLayer)net.named_modules().Single(m => m.name == "conv2").module).RunningO.mul_(256);
            Linger.SaveCheckpoint(net, path);
        }
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(true)]
    [InlineData(false)]
    public void Analyse_QuickstartCheckpoint_WritesReportBothFlows(bool twoStage)
    {
        using var tmp = new TempFolder();
        var ckpt = tmp.File("qat.model");
        Checkpoint(ckpt, twoStage, defect: false);
        var outDir = tmp.File("report");
        var (code, output) = CliRunner.Run("analyse", ckpt, "--width", "4", "--samples", "32", "--out", outDir);
        Assert.True(code == 0, output);
        Assert.Contains(twoStage ? "two-stage" : "single-stage", output);
        Assert.Contains("conv1", output);
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "report.md")));
        Assert.True(File.Exists(Path.Combine(outDir, "sqnr.png")));
        Assert.True(File.Exists(Path.Combine(outDir, "conv1.activations.png")));
    }

    [Fact]
    public void Analyse_CheckpointWithOneCoarseLayer_NamesItWorst()
    {
        using var tmp = new TempFolder();
        var ckpt = tmp.File("qat.model");
        Checkpoint(ckpt, twoStage: true, defect: true);
        var (code, output) = CliRunner.Run("analyse", ckpt, "--width", "4", "--samples", "64", "--out", tmp.File("r"), "--json");
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("conv2", json.RootElement.GetProperty("worst_first")[0].GetString());
        var conv2 = json.RootElement.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "conv2");
        Assert.Contains("too coarse", conv2.GetProperty("advice").GetString());
        Assert.True(conv2.GetProperty("output").GetProperty("unused_bits").GetInt32() >= 4);
    }

    [Fact]
    public void Analyse_WrongWidthOrMissingFile_Exit2()
    {
        using var tmp = new TempFolder();
        var ckpt = tmp.File("qat.model");
        Checkpoint(ckpt, twoStage: false, defect: false);
        var (code, output) = CliRunner.Run("analyse", ckpt, "--width", "8", "--out", tmp.File("r"));
        Assert.Equal(2, code);
        Assert.Contains("--width 8", output);
        Assert.Equal(2, CliRunner.Run("analyse", tmp.File("none.model")).ExitCode);
    }
}
