using System.Diagnostics;
using System.Globalization;
using LingerNet.Samples;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Benchmarks;

/// <summary>
/// <c>--quick</c>: a Stopwatch pass over the training steps (float, stage 1, QAT) in one process, for
/// profiling while changing the QAT code. The numbers to record come from BenchmarkDotNet.
/// </summary>
public static class QuickTimings
{
    public static void Run(int steps, int threads = 1, int rounds = 6)
    {
        torch.set_num_threads(threads); // default one thread: ratios stay meaningful on a shared machine
        var x = QuickstartModel.Images(64);
        var y = QuickstartModel.Labels(64);
        var models = new (string Name, QuickstartNet Model)[]
        {
            ("float", QuickstartModel.Float()), ("stage 1", QuickstartModel.Constrained()), ("QAT", QuickstartModel.Quantized()),
        };
        var results = new double[models.Length];
        // Interleaved rounds so that machine noise hits every model alike.
        var opts = models.Select(m => optim.SGD(m.Model.parameters(), 0.001, momentum: 0.9)).ToArray();
        foreach (var m in models) m.Model.train();
        for (int round = 0; round < rounds; round++)
            for (int i = 0; i < models.Length; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                for (int s = 0; s < steps; s++)
                {
                    using var scope = NewDisposeScope();
                    opts[i].zero_grad();
                    nn.functional.cross_entropy(models[i].Model.call(x), y).backward();
                    opts[i].step();
                }
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds / steps;
                if (round > 0) results[i] = round == 1 ? ms : Math.Min(results[i], ms);
            }
        Console.WriteLine($"training step, QuickstartNet, batch 64, {threads} thread(s), best of {rounds - 1} rounds of {steps} steps:");
        for (int i = 0; i < models.Length; i++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{models[i].Name,-8} {results[i],8:F2} ms/step  {results[i] / results[0],5:F2}x float"));
    }
}
