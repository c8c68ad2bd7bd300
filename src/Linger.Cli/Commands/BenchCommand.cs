using System.Diagnostics;
using System.Globalization;
using LingerNet.Cli.CommandLine;
using LingerNet.Numerics;
using LingerNet.Runtime;
using LingerNet.Runtime.Kernels.Fast;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary>
/// <c>linger bench MODEL.onnx [--iterations N] [--warmup N] [--seed N] [--threads N]</c>: runs the integer runtime on one
/// seeded random input (batch as declared, symbolic dimensions as 1) and prints the time per inference.
/// A wall-clock figure for users; comparisons between kernels and with ONNX Runtime live in benchmarks/.
/// </summary>
internal sealed class BenchCommand : ICliCommand
{
    public const int DefaultIterations = 200;

    public string Name => "bench";

    public string Summary => "Time the integer runtime on a model: µs per inference (one thread unless --threads).";

    public string Details =>
        "Feeds one seeded random input of the declared shape (symbolic dimensions as 1), runs --warmup untimed inferences,\n" +
        "then --iterations timed ones, and prints the mean, median and fastest time per inference.\n" +
        "Also prints the memory plan: peak activation bytes (reused buffers) against the naive sum of all intermediates.\n" +
        "--profile adds where the time goes: the median µs of every node over the timed inferences, and its share.";

    public string? Positional => "MODEL.onnx";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("iterations", "N", $"timed inferences (default {DefaultIterations})"),
        new("warmup", "N", "untimed inferences first (default 200)"),
        new("seed", "N", "seed of the random input (default 0)"),
        new("threads", "N", "threads one op may use (RunOptions.Threads, default 1)"),
        new("profile", null, "also time every node (median µs per node and its share of the run)"),
        new("kernels", "PATH", "force a kernel path: Reference, Vector128, Avx2 or AvxVnni (default: the fastest this machine has)"),
    ];

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        string model = args.Positional!;
        int iterations = args.GetInt("iterations", DefaultIterations, min: 1);
        int warmup = args.GetInt("warmup", 200, min: 0);
        int seed = args.GetInt("seed", 0);
        var runOptions = new RunOptions { Threads = args.GetInt("threads", 1, min: 1), Profile = args.Has("profile") };
        if (args.GetString("kernels") is { } k)
        {
            if (!Enum.TryParse<KernelPath>(k, ignoreCase: true, out var path) || !Enum.IsDefined(path))
                throw new LingerException($"--kernels: '{k}' is not one of {string.Join(", ", Enum.GetNames<KernelPath>())}.");
            if (!KernelSelection.IsSupported(path))
                throw new LingerException($"--kernels: this machine does not support {path}.");
            KernelSelection.Forced = path;
        }
        try
        {
            return Measure(model, iterations, warmup, seed, runOptions, console);
        }
        finally
        {
            KernelSelection.Forced = null;
        }
    }

    private static int Measure(string model, int iterations, int warmup, int seed, RunOptions runOptions, IAnsiConsole console)
    {
        using var rt = LingerRuntime.Load(model);
        if (rt.Inputs.Count != 1)
            throw new LingerException($"{model}: bench supports single-input models; this one has {rt.Inputs.Count} inputs.");
        var input = RandomInput(rt.Inputs[0], seed);
        for (int i = 0; i < warmup; i++) rt.Run(input, runOptions);
        var times = new double[iterations];
        var profiles = new List<IReadOnlyList<NodeTiming>>(runOptions.Profile ? iterations : 0);
        for (int i = 0; i < iterations; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            var result = rt.Run(input, runOptions);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            if (result.Profile is { } p) profiles.Add(p);
        }
        Array.Sort(times);
        var t = new Table().Border(TableBorder.Rounded).Title("[bold]linger bench[/]");
        t.AddColumn("");
        t.AddColumn(new TableColumn("").RightAligned());
        t.AddRow("model", Markup.Escape(model));
        t.AddRow("input", Markup.Escape($"{input.Name} {input.ElementType}[{RuntimeTensor.FormatShape(input.Shape)}]"));
        t.AddRow("kernels", Markup.Escape(KernelSelection.Current.ToString()));
        t.AddRow("iterations", iterations.ToString(CultureInfo.InvariantCulture));
        t.AddRow("threads", runOptions.Threads.ToString(CultureInfo.InvariantCulture));
        t.AddRow("mean µs/inference", times.Average().ToString("F1", CultureInfo.InvariantCulture));
        t.AddRow("median µs/inference", times[iterations / 2].ToString("F1", CultureInfo.InvariantCulture));
        t.AddRow("fastest µs/inference", times[0].ToString("F1", CultureInfo.InvariantCulture));
        t.AddRow("memory plan", Markup.Escape(rt.MemoryPlan.ToString()));
        console.Write(t);
        if (profiles.Count > 0) console.Write(ProfileTable(profiles));
        return CliApp.ExitOk;
    }

    /// <summary>
    /// Median and fastest µs of each node over the profiled runs (all runs execute the same nodes in the same
    /// order). The fastest run of a node is the steadier figure on a busy machine.
    /// </summary>
    private static Table ProfileTable(List<IReadOnlyList<NodeTiming>> profiles)
    {
        var first = profiles[0];
        var medians = new double[first.Count];
        var fastest = new double[first.Count];
        var column = new double[profiles.Count];
        for (int k = 0; k < first.Count; k++)
        {
            for (int r = 0; r < profiles.Count; r++) column[r] = profiles[r][k].Microseconds;
            Array.Sort(column);
            medians[k] = column[column.Length / 2];
            fastest[k] = column[0];
        }
        double total = medians.Sum();
        var t = new Table().Border(TableBorder.Rounded).Title("[bold]where the time goes[/] (median per node)");
        t.AddColumn("#");
        t.AddColumn("node");
        t.AddColumn("op");
        t.AddColumn(new TableColumn("median µs").RightAligned());
        t.AddColumn(new TableColumn("share").RightAligned());
        t.AddColumn(new TableColumn("fastest µs").RightAligned());
        for (int k = 0; k < first.Count; k++)
            t.AddRow(k.ToString(CultureInfo.InvariantCulture), Markup.Escape(first[k].Node), Markup.Escape(first[k].OpType),
                medians[k].ToString("F1", CultureInfo.InvariantCulture),
                (total > 0 ? medians[k] / total : 0).ToString("P0", CultureInfo.InvariantCulture),
                fastest[k].ToString("F1", CultureInfo.InvariantCulture));
        t.AddRow("", "[bold]nodes total[/]", "", total.ToString("F1", CultureInfo.InvariantCulture), "",
            fastest.Sum().ToString("F1", CultureInfo.InvariantCulture));
        return t;
    }

    private static RuntimeTensor RandomInput(GraphInput g, int seed)
    {
        var r = new Random(seed);
        int[] shape = g.Shape.Select(d => d < 0 ? 1 : d).ToArray();
        int n = shape.Aggregate(1, (a, b) => a * b);
        if (g.ElementType == TensorElementType.Int8)
        {
            var x = new sbyte[n];
            for (int i = 0; i < n; i++) x[i] = (sbyte)r.Next(-128, 128);
            return new RuntimeTensor(g.Name, shape, x, g.Int8Scale);
        }
        var f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float)r.NextDouble();
        return new RuntimeTensor(g.Name, shape, f);
    }
}
