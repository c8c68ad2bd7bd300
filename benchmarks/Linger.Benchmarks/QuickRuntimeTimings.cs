using System.Diagnostics;
using System.Globalization;
using LingerNet.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LingerNet.Benchmarks;

/// <summary>
/// <c>--quick-runtime</c>: the runtime and ONNX Runtime fp32 (one thread) on the quickstart network,
/// timed in alternating rounds and reported as the best round, which stays stable on a busy machine.
/// </summary>
public static class QuickRuntimeTimings
{
    public static void Run(int rounds = 15)
    {
        var b = new RuntimeVsOnnxRuntimeBenchmarks();
        b.Setup();
        var cases = new (string Name, Func<object> Run, int Images)[]
        {
            ("ONNX Runtime fp32, batch 1", () => b.OnnxRuntimeFp32Batch1(), 1),
            ("Linger runtime, batch 1", () => b.LingerRuntimeBatch1(), 1),
            ("ONNX Runtime fp32, batch 64", () => b.OnnxRuntimeFp32Batch64(), 64),
            ("Linger runtime, batch 64 (one batched run)", () => b.LingerRuntimeBatch64(), 64),
        };
        var best = Enumerable.Repeat(double.MaxValue, cases.Length).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < cases.Length; i++)
            {
                int n = cases[i].Images == 1 ? 200 : 4;
                for (int w = 0; w < n / 4; w++) cases[i].Run();
                var t0 = Stopwatch.GetTimestamp();
                for (int k = 0; k < n; k++) cases[i].Run();
                best[i] = Math.Min(best[i], Stopwatch.GetElapsedTime(t0).TotalMicroseconds / n);
            }
        b.Cleanup();
        Console.WriteLine($"quickstart network, one thread, best of {rounds} alternating rounds:");
        for (int i = 0; i < cases.Length; i++)
        {
            double baseline = best[i - i % 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cases[i].Name,-36} {best[i],10:F1} µs/call  {best[i] / cases[i].Images,8:F1} µs/image  {best[i] / baseline,5:F2}x ONNX Runtime"));
        }
    }
}
