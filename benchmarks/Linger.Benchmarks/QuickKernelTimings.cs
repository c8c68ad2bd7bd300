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
        ProfileOps(model);
        foreach (var path in KernelSelection.Supported.Where(p => p != KernelPath.Reference))
        {
            KernelSelection.Forced = path;
            using var rt = LingerRuntime.Load(model);
            var x = new float[784];
            Report($"runtime {path}", () => rt.Run(x));
        }
        KernelSelection.Forced = null;
    }

    /// <summary>Runs the AvxVnni convolution <paramref name="conv"/> (a <see cref="KernelBenchmarks.Conv"/> value) for <paramref name="seconds"/>.</summary>
    public static void Spin(string conv, double seconds)
    {
        var k = new KernelBenchmarks { Conv = conv };
        k.Setup();
        for (int i = 0; i < 3000; i++) k.ConvAvxVnni();
        var t0 = Stopwatch.GetTimestamp();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        long calls = 0;
        while (Stopwatch.GetElapsedTime(t0).TotalSeconds < seconds) { k.ConvAvxVnni(); calls++; }
        // CPU time, not wall time: on a shared machine it leaves out the time other processes ran.
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMicroseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{conv}: {calls} calls, {cpu / calls:F1} µs CPU/call"));
    }

    private static void Report(string what, Action a)
    {
        // Warm past tiered compilation, then the best of many short rounds: stable on a busy machine.
        for (int i = 0; i < 2000; i++) a();
        double best = double.MaxValue;
        for (int r = 0; r < 200; r++)
        {
            var t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < 10; i++) a();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMicroseconds / 10);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-36} {best,10:F1} µs"));
    }

    /// <summary>Each op's Infer + Execute of one run, timed on the intermediates of a dumped run, against the whole run.</summary>
    private static void ProfileOps(string model)
    {
        using var rt = LingerRuntime.Load(model);
        var x = new float[784];
        var dump = rt.Run(x, new RunOptions { Dump = true }).Dump!.ToDictionary(t => t.Name);
        var plan = (LingerNet.Runtime.Loading.ExecutionPlan)typeof(LingerRuntime)
            .GetField("_plan", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(rt)!;
        foreach (var c in plan.Constants) dump.TryAdd(c.Key, c.Value);
        double sum = 0;
        foreach (var op in plan.Nodes)
        {
            var ins = op.Inputs.Where(s => s.Length > 0).Select(s => dump[s]).ToArray();
            double t = Time(() =>
            {
                var metas = op.Infer(ins.Select(LingerNet.Runtime.Loading.ValueMeta.Of).ToArray());
                op.Execute(ins, metas);
            });
            sum += t;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {op.Where,-40} {t,8:F1} µs"));
        }
        double manual = Time(() =>
        {
            var values = new Dictionary<string, RuntimeTensor>(plan.Constants) { [plan.Inputs[0].Name] = new RuntimeTensor(plan.Inputs[0].Name, [1, 1, 28, 28], x) };
            foreach (var op in plan.Nodes)
            {
                var ins = op.Inputs.Where(s => s.Length > 0).Select(s => values[s]).ToArray();
                var metas = op.Infer(ins.Select(LingerNet.Runtime.Loading.ValueMeta.Of).ToArray());
                var data = op.Execute(ins, metas);
                values[op.Outputs[0]] = new RuntimeTensor(op.Outputs[0], metas[0].Shape, data[0], metas[0].ScaleExponent is int q ? new LingerNet.Numerics.Pow2Scale(q) : null);
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the same loop as Run, without checks: {manual:F1} µs"));
        double whole = Time(() => rt.Run(x));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sum of ops {sum:F1} µs, whole run {whole:F1} µs"));
    }

    private static double Time(Action a)
    {
        for (int i = 0; i < 2000; i++) a();
        double best = double.MaxValue;
        for (int r = 0; r < 9; r++)
        {
            var t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < 50; i++) a();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMicroseconds / 50);
        }
        return best;
    }
}
