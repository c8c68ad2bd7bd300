using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Benchmarks;

/// <summary>
/// <c>--quick-recurrent</c>: a Stopwatch pass over the recurrent training steps of <see cref="RecurrentStepBenchmarks"/>
/// (float, stage 1, QAT; GRU and LSTM) in one process, interleaved rounds, best round per model, for profiling while
/// changing the loops. The numbers to record come from BenchmarkDotNet.
/// </summary>
public static class QuickRecurrentTimings
{
    public static void Run(int steps, int rounds)
    {
        var bench = new RecurrentStepBenchmarks();
        bench.Setup();
        var models = new (string Name, Func<float> Step)[]
        {
            ("GRU float", bench.GruFloatStep), ("GRU stage 1", bench.GruStage1Step), ("GRU QAT", bench.GruQatStep),
            ("LSTM float", bench.LstmFloatStep), ("LSTM stage 1", bench.LstmStage1Step), ("LSTM QAT", bench.LstmQatStep),
        };
        var best = Enumerable.Repeat(double.MaxValue, models.Length).ToArray();
        for (int round = 0; round <= rounds; round++)
            for (int i = 0; i < models.Length; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                for (int s = 0; s < steps; s++) models[i].Step();
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds / steps;
                if (round > 0) best[i] = Math.Min(best[i], ms); // round 0 warms up
            }
        Console.WriteLine($"recurrent training step (T = 50, B = 32, I = H = 64), one thread, best of {rounds} rounds of {steps} steps:");
        for (int i = 0; i < models.Length; i++)
        {
            double baseline = best[i < 3 ? 0 : 3];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{models[i].Name,-13} {best[i],8:F2} ms/step  {best[i] / baseline,5:F2}x float"));
        }
    }
}
