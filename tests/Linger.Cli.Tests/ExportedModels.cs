using LingerNet.Samples;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Cli.Tests;

/// <summary>Real exported models: the quickstart network after <c>Linger.Init</c> and a few statistics batches, exported.</summary>
internal static class ExportedModels
{
    private static readonly Lock s_torch = new();

    /// <summary>Exports a QuickstartNet of <paramref name="width"/> channels (random weights, statistics from random images) to <paramref name="path"/>.</summary>
    public static void Quickstart(string path, int width = 4, int seed = 0)
    {
        // TorchSharp's generator is global: keep two tests from seeding it at the same time.
        lock (s_torch)
        {
            using var scope = NewDisposeScope();
            random.manual_seed(seed);
            var model = Linger.Init(new QuickstartNet(width));
            model.train();
            using (no_grad())
                for (int i = 0; i < 3; i++) model.call(rand(8, 1, 28, 28));
            model.eval();
            Linger.Export(model, rand(1, 1, 28, 28), path);
        }
    }

    /// <summary>A deterministic image-like input of 784 values in [0, 1).</summary>
    public static float[] Image(int seed = 1)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, 784).Select(_ => (float)r.NextDouble()).ToArray();
    }
}
