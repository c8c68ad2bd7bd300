using LingerNet.Analysis;
using LingerNet.Modules;
using LingerNet.Samples;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Analysis;

public class AnalyseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-analyse").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>A quantized QuickstartNet after a few training steps on image-like data, with settled statistics.</summary>
    private static QuickstartNet Quantized(int seed = 0)
    {
        random.manual_seed(seed);
        var net = Linger.Init(new QuickstartNet(width: 4));
        net.train();
        var opt = optim.SGD(net.parameters(), 0.01);
        for (int i = 0; i < 6; i++)
        {
            using var scope = NewDisposeScope();
            var loss = net.call(rand(16, 1, 28, 28)).pow(2).mean();
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        // Statistics only (BatchNorm running mean/var, running_x/o) until they settle, so eval sees what training saw.
        using (no_grad())
            for (int i = 0; i < 30; i++)
            {
                using var scope = NewDisposeScope();
                net.call(rand(16, 1, 28, 28));
            }
        net.eval();
        return net;
    }

    private static QuantizedLayer Layer(nn.Module model, string name) =>
        (QuantizedLayer)model.named_modules().Single(m => m.name == name).module;

    [Fact]
    public void Analyse_HealthyModel_EveryLayerMeasuredWithUsefulSqnr()
    {
        using var scope = NewDisposeScope();
        var net = Quantized();
        var report = Linger.Analyse(net, rand(32, 1, 28, 28));
        Assert.Equal(new[] { "conv1", "bn1", "conv2", "bn2", "conv3", "bn3", "add", "fc" }, report.Layers.Select(l => l.Name));
        Assert.Empty(report.NotReached);
        foreach (var l in report.Layers)
        {
            // int8 activations on a healthy model: tens of dB (∞ where the integer op is exact, e.g. an add without rescaling).
            Assert.True(l.LocalSqnr >= 15, $"{l.Name}: local SQNR {l.LocalSqnr}");
            Assert.False(double.IsNaN(l.Sqnr));
            Assert.True(l.Activations.ScaleExponent is not null, l.Name);
        }
        var conv1 = report.Layers[0];
        Assert.NotNull(conv1.Weights);
        // The weight scale is the layer's own rule: the largest 2^n that does not saturate max|w|.
        var w = ((Conv2dInt)Layer(net, "conv1")).Weight;
        Assert.Equal(Layer(net, "conv1").WeightScale(w).Exponent, conv1.Weights!.ScaleExponent);
        Assert.Equal(0, conv1.Weights.ClippedShare);
        Assert.Equal(w.abs().max().item<float>(), Math.Max(-conv1.Weights.Min, conv1.Weights.Max), 5);
        Assert.Equal(32L * 4 * 28 * 28, conv1.Activations.Histogram.Counts.Sum());
    }

    [Fact]
    public void Analyse_OneLayerWithFarTooLargeOutputStatistic_NamedWorstWithCoarseScaleAdvice()
    {
        using var scope = NewDisposeScope();
        var net = Quantized();
        // The defect: conv2's running output maximum 256× too large → its output grid is 2^8 too coarse.
        Layer(net, "conv2").RunningO.mul_(256);
        var report = Linger.Analyse(net, rand(32, 1, 28, 28));
        var worst = report.WorstFirst[0];
        Assert.Equal("conv2", worst.Name);
        Assert.True(worst.Activations.UnusedBits >= 4, $"unused bits {worst.Activations.UnusedBits}");
        Assert.Contains("too coarse", worst.Advice);
        Assert.True(worst.LocalSqnr < report.WorstFirst[1].LocalSqnr - 10, $"{worst.LocalSqnr} vs {report.WorstFirst[1].LocalSqnr}");
        // The error propagates: downstream layers' SQNR against the float model drops, their own (local) error does not.
        var healthy = Linger.Analyse(Quantized(), rand(32, 1, 28, 28));
        Assert.True(report.Layers.Single(l => l.Name == "fc").Sqnr < healthy.Layers.Single(l => l.Name == "fc").Sqnr);

        string html = report.Write(_dir);
        Assert.True(File.Exists(html));
        Assert.Contains("conv2", File.ReadAllText(Path.Combine(_dir, "report.md")).Split("## Layers")[0]);
        foreach (var f in new[] { "sqnr.png", "conv2.weights.png", "conv2.activations.png", "add.activations.png" })
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(_dir, f)).Take(4));
    }

    [Fact]
    public void Analyse_ExplicitFloatModelWithSameWeights_MatchesTheBuiltInFloatReference()
    {
        using var scope = NewDisposeScope();
        var net = Quantized();
        var floatNet = new QuickstartNet(width: 4);
        floatNet.load_state_dict(net.state_dict(), strict: false);
        var x = rand(16, 1, 28, 28);
        var own = Linger.Analyse(net, x);
        var explicitFloat = Linger.Analyse(net, x, floatNet);
        Assert.Contains("float model", explicitFloat.FloatReference);
        foreach (var (a, b) in own.Layers.Zip(explicitFloat.Layers))
        {
            Assert.Equal(a.Name, b.Name);
            Assert.Equal(a.Sqnr, b.Sqnr, 1);
        }
    }

    [Fact]
    public void Analyse_FloatModel_ThrowsNamesInit()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<LingerException>(() => Linger.Analyse(new QuickstartNet(4), rand(2, 1, 28, 28)));
        Assert.Contains("Linger.Init", e.Message);
    }
}
