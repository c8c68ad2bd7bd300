using System.Diagnostics;
using System.Globalization;
using LingerNet.Runtime;
using LingerNet.Runtime.Kernels.Fast;

namespace LingerNet.Benchmarks;

/// <summary><c>--quick-kernels</c>: Stopwatch timings of the quickstart's kernels and of whole runs per kernel path, for profiling.</summary>
public static class QuickKernelTimings
{
    public static void Run(string? model)
    {
        var k = new KernelBenchmarks();
        foreach (var conv in new[] { "conv1 1x28x28", "conv3 32x14x14", "depthwise 32x14x14" })
        {
            k.Conv = conv;
            k.Setup();
            Report($"{conv} reference", () => k.ConvReference());
            Report($"{conv} Vector128", () => k.ConvVector128());
            Report($"{conv} Avx2", () => k.ConvAvx2());
            Report($"{conv} AvxVnni", () => k.ConvAvxVnni());
        }
        Report("linear reference", () => k.LinearReference());
        Report("linear AvxVnni", () => k.LinearAvxVnni());
        Report("maxpool fast", () => k.MaxPoolFast());
        Report("iqadd fast", () => k.IqAddFast());
        if (model is null) return;
        foreach (var path in KernelSelection.Supported.Where(p => p != KernelPath.Reference))
        {
            KernelSelection.Forced = path;
            using var rt = LingerRuntime.Load(model);
            var x = new float[784];
            Report($"runtime {path}", () => rt.Run(x));
        }
        KernelSelection.Forced = null;
    }

    private static void Report(string what, Action a)
    {
        for (int i = 0; i < 20; i++) a();
        double best = double.MaxValue;
        for (int r = 0; r < 7; r++)
        {
            var t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < 50; i++) a();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMicroseconds / 50);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-36} {best,10:F1} µs"));
    }
}
