using LingerNet.Samples;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Benchmarks;

/// <summary>
/// The quickstart network in its three training forms and as an exported thinker ONNX file. Statistics
/// come from a few steps on seeded random images: speed does not depend on accuracy.
/// </summary>
public static class QuickstartModel
{
    /// <summary>A float QuickstartNet (no Linger calls).</summary>
    public static QuickstartNet Float()
    {
        random.manual_seed(0);
        return new QuickstartNet();
    }

    /// <summary>Stage 1: <c>Linger.Constrain</c> applied (Conv+BN fused, clamped ranges), in float.</summary>
    public static QuickstartNet Constrained()
    {
        var m = Float();
        Linger.Constrain(m, Images(1));
        return m;
    }

    /// <summary>Stage 2: constrained, a few float steps, <c>Linger.Init</c>, a few QAT steps.</summary>
    public static QuickstartNet Quantized()
    {
        var m = Constrained();
        Train(m, 3);
        Linger.Init(m);
        Train(m, 3);
        return m;
    }

    /// <summary>Exports <see cref="Quantized"/> to a file in a temporary folder and returns its path.</summary>
    public static string ExportQuantized() => ExportQuantized(dynamicBatch: false);

    /// <summary>The same, optionally with a symbolic batch dimension (<see cref="Export.ExportOptions.DynamicBatch"/>).</summary>
    public static string ExportQuantized(bool dynamicBatch)
    {
        var m = Quantized();
        m.eval();
        string path = Path.Combine(Path.GetTempPath(), $"linger-bench-quickstart-{Environment.ProcessId}{(dynamicBatch ? "-n" : "")}.onnx");
        Linger.Export(m, Images(1), path, new Export.ExportOptions { DynamicBatch = dynamicBatch });
        return path;
    }

    /// <summary>Seeded random images [n, 1, 28, 28] in [0, 1).</summary>
    public static Tensor Images(int n, int seed = 1)
    {
        using var g = new Generator((ulong)seed);
        return rand([n, 1, 28, 28], generator: g);
    }

    /// <summary>Seeded random labels [n].</summary>
    public static Tensor Labels(int n, int seed = 2)
    {
        using var g = new Generator((ulong)seed);
        return randint(10, [n], generator: g);
    }

    /// <summary>Plain SGD steps on one random batch of 64.</summary>
    public static void Train(nn.Module<Tensor, Tensor> model, int steps)
    {
        using var opt = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        model.train();
        using var x = Images(64);
        using var y = Labels(64);
        for (int i = 0; i < steps; i++) TrainingStep.Run(model, opt, x, y);
    }
}
