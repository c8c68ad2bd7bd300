using System.Globalization;
using LingerNet.Cli.CommandLine;
using LingerNet.Cli.Verification;
using LingerNet.Numerics;
using LingerNet.Runtime;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary>
/// <c>linger verify MODEL.onnx</c>: runs the integer runtime and compares every output element with reference
/// integers (<c>--reference DIR</c>), or, without a reference, checks that a float feed and the equivalent int8
/// feed give identical outputs. Exit 0 when everything is equal, 1 when anything differs, 2 on bad input.
/// </summary>
internal sealed class VerifyCommand : ICliCommand
{
    /// <summary>Random samples of the self-consistency check when neither --count nor --inputs is given.</summary>
    public const int DefaultRandomSamples = 8;

    public string Name => "verify";

    public string Summary => "Run a model in the integer runtime and compare its outputs with reference integers, bit for bit.";

    public string Details =>
        "With --reference DIR: DIR holds output_<k>.txt (expected int8 values, one per line) and, unless --inputs is given,\n" +
        "input_<k>.txt (float values one per line; int8 when the graph input is int8; or input_<k>.int8.txt at the Quant scale).\n" +
        "Without --reference: a float input and the same input quantized at the leading Quant's scale must give identical outputs\n" +
        $"(on the inputs of --inputs DIR, or on {DefaultRandomSamples} seeded random inputs). See docs/cli.md.\n" +
        "Exit codes: 0 all equal, 1 some element differs, 2 bad arguments or files.";

    public string? Positional => "MODEL.onnx";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("reference", "DIR", "folder with output_<k>.txt expected integers (and input_<k>.txt unless --inputs)"),
        new("inputs", "DIR", "folder with input_<k>.txt (default: the --reference folder, or random inputs)"),
        new("count", "N", $"use at most N samples (default: all; {DefaultRandomSamples} random ones without files)"),
        new("seed", "N", "seed of the random inputs (default 0)"),
        new("dump", "DIR", "write every intermediate tensor of the first sample in thinker's dump format"),
    ];

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        string model = args.Positional!;
        string? reference = args.GetString("reference");
        string? inputs = args.GetString("inputs");
        int? count = args.Has("count") ? args.GetInt("count", 0, min: 1) : null;
        int seed = args.GetInt("seed", 0);
        string? dump = args.GetString("dump");
        foreach (var (option, dir) in new[] { ("reference", reference), ("inputs", inputs) })
            if (dir is not null && !Directory.Exists(dir))
                throw new LingerException($"--{option}: directory '{dir}' does not exist.");

        using var rt = LingerRuntime.Load(model);
        if (rt.Inputs.Count != 1)
            throw new LingerException($"{model}: verify supports single-input models; this one has {rt.Inputs.Count} inputs.");
        var session = new Session(rt, rt.Inputs[0], dump);
        var report = reference is not null
            ? session.AgainstReference(reference, inputs ?? reference, count)
            : session.SelfConsistency(inputs, count, seed);
        Render(console, report);
        if (dump is not null) console.MarkupLine($"dump of the first sample: [blue]{Markup.Escape(dump)}[/]");
        if (report.Different > 0) WriteDiffHint(console, dump);
        return report.Different == 0 ? CliApp.ExitOk : 1;
    }

    /// <summary>Where to go from a mismatch: the outputs differ, the dumps of both sides say at which tensor it starts.</summary>
    private static void WriteDiffHint(IAnsiConsole console, string? dump)
    {
        string mine = dump is null ? "DUMP" : dump;
        if (dump is null)
            console.MarkupLine("[yellow]hint:[/] rerun with [blue]--dump DIR[/] and compare it with a dump of the other side " +
                "(thinker's THINKER_DUMP, linger's int dump) to find the first tensor that differs:");
        else
            console.MarkupLine("[yellow]hint:[/] compare this dump with a dump of the other side on the same input " +
                "(thinker's THINKER_DUMP, linger's int dump) to find the first tensor that differs:");
        console.MarkupLine($"      [blue]linger diff {Markup.Escape(mine)} OTHER_DUMP[/]  (docs/cli.md, 'linger diff')");
    }

    private static void Render(IAnsiConsole console, VerifyReport r)
    {
        var t = new Table().Border(TableBorder.Rounded).Title("[bold]linger verify[/]");
        t.AddColumn("");
        t.AddColumn(new TableColumn("").RightAligned());
        t.AddRow("mode", Markup.Escape(r.Mode));
        t.AddRow("samples", r.Samples.ToString(CultureInfo.InvariantCulture));
        t.AddRow("elements compared", r.Elements.ToString(CultureInfo.InvariantCulture));
        string colour = r.Different == 0 ? "green" : "red";
        t.AddRow("equal", $"[{colour}]{r.Equal.ToString(CultureInfo.InvariantCulture)}[/]");
        t.AddRow("different", $"[{colour}]{r.Different.ToString(CultureInfo.InvariantCulture)}[/]");
        t.AddRow("result", r.Different == 0 ? "[green]bit-exact[/]" : "[red]MISMATCH[/]");
        console.Write(t);
        if (r.FirstMismatches.Count == 0) return;
        var m = new Table().Border(TableBorder.Rounded).Title($"[bold red]first {r.FirstMismatches.Count} mismatches[/]");
        m.AddColumn(new TableColumn("sample").RightAligned());
        m.AddColumn("output");
        m.AddColumn(new TableColumn("index").RightAligned());
        m.AddColumn(new TableColumn("expected").RightAligned());
        m.AddColumn(new TableColumn("actual").RightAligned());
        foreach (var x in r.FirstMismatches)
            m.AddRow(x.Sample.ToString(CultureInfo.InvariantCulture), Markup.Escape(x.Output), x.Index.ToString(CultureInfo.InvariantCulture), x.Expected, x.Actual);
        console.Write(m);
    }

    /// <summary>One verification: the loaded model, its single input, and where the first sample's dump goes.</summary>
    private sealed class Session(LingerRuntime rt, GraphInput input, string? dumpFolder)
    {
        private readonly int[] _shape = input.Shape.Select(d => d < 0 ? 1 : d).ToArray();
        private bool _dumped;

        private int Length => (int)RuntimeTensor.ElementCount(_shape, input.Name);

        public VerifyReport AgainstReference(string reference, string inputs, int? count)
        {
            var samples = ReferenceSet.OutputSamples(reference);
            if (samples.Count == 0)
                throw new LingerException($"--reference: '{reference}' holds no output_<k>.txt files (see docs/cli.md for the format).");
            if (count is { } n) samples = samples.Take(n).ToList();
            var report = new VerifyReport($"reference {reference}");
            int outputs = rt.OutputNames.Count;
            // Reading, parsing and running are independent per sample: the first on this thread (it may be
            // dumped), the rest in parallel with a runtime per worker. Comparing stays in sample order, so
            // the report (first mismatches, the first bad file) is what a sequential run gives.
            var checks = new SampleCheck[samples.Count];
            checks[0] = Check(rt, reference, inputs, samples[0], outputs, Execute);
            using var runtimes = new ThreadLocal<LingerRuntime>(() => LingerRuntime.Load(rt.Source), trackAllValues: true);
            try
            {
                Parallel.For(1, samples.Count, i =>
                {
                    var worker = runtimes.Value!;
                    checks[i] = Check(worker, reference, inputs, samples[i], outputs, x => worker.Run(x));
                });
            }
            finally
            {
                foreach (var worker in runtimes.Values) worker.Dispose();
            }
            foreach (var c in checks)
            {
                if (c.Failure is { } failure) throw failure;
                for (int j = 0; j < outputs; j++) report.Compare(c.Sample, c.OutputNames[j], c.Expected[j], c.Actual[j]);
                report.Samples++;
            }
            return report;
        }

        /// <summary>One sample's expected and actual integers per output, or what went wrong with its files.</summary>
        private sealed record SampleCheck(int Sample, string[] OutputNames, long[][] Expected, long[][] Actual, LingerException? Failure);

        private SampleCheck Check(LingerRuntime runtime, string reference, string inputs, int k, int outputs, Func<RuntimeTensor, RunResult> run)
        {
            try
            {
                var expected = new long[outputs][];
                for (int j = 0; j < outputs; j++)
                {
                    string path = ReferenceSet.OutputPath(reference, k, j, outputs);
                    if (!File.Exists(path))
                        throw new LingerException($"sample {k}: the reference file '{path}' is missing (the model has {outputs} outputs).");
                    expected[j] = ReferenceSet.ReadIntegers(path, long.MinValue, long.MaxValue);
                }
                var result = run(LoadInput(inputs, k));
                var names = new string[outputs];
                var actual = new long[outputs][];
                for (int j = 0; j < outputs; j++)
                {
                    var o = result.Outputs[j];
                    names[j] = o.Name;
                    actual[j] = Integers(o);
                    if (actual[j].Length != expected[j].Length)
                        throw new LingerException($"{ReferenceSet.OutputPath(reference, k, j, outputs)}: {expected[j].Length} values, but output '{o.Name}' [{RuntimeTensor.FormatShape(o.Shape)}] has {actual[j].Length}.");
                }
                return new SampleCheck(k, names, expected, actual, null);
            }
            catch (LingerException e)
            {
                return new SampleCheck(k, [], [], [], e);
            }
        }

        public VerifyReport SelfConsistency(string? inputs, int? count, int seed)
        {
            if (input.ElementType != TensorElementType.Float32 || input.Int8Scale is not { } scale)
                throw new LingerException(
                    $"{rt.Source}: input '{input.Name}' has no leading Quant, so there is no float/int8 pair to compare; give --reference DIR.");
            var report = new VerifyReport($"self-consistency: float feed vs int8 feed at Q{scale.Exponent}");
            IEnumerable<(int K, float[] X)> feeds;
            if (inputs is not null)
            {
                var samples = ReferenceSet.InputSamples(inputs).Where(k => File.Exists(ReferenceSet.InputPath(inputs, k))).ToList();
                if (samples.Count == 0) throw new LingerException($"--inputs: '{inputs}' holds no input_<k>.txt files (see docs/cli.md).");
                if (count is { } n) samples = samples.Take(n).ToList();
                feeds = samples.Select(k => (k, LoadInput(inputs, k).AsFloat32()));
            }
            else
            {
                var random = new Random(seed);
                // Up to 1.25× the int8 range at the Quant's scale, so that saturation is exercised too.
                double bound = 1.25 * 128 / scale.Value;
                feeds = Enumerable.Range(0, count ?? DefaultRandomSamples)
                    .Select(k => (k, Enumerable.Range(0, Length).Select(_ => (float)((random.NextDouble() * 2 - 1) * bound)).ToArray()));
            }
            foreach (var (k, x) in feeds)
            {
                var fromFloat = Execute(new RuntimeTensor(input.Name, _shape, x));
                var q = x.Select(v => (sbyte)Rounding.QuantizeFloat32(v, scale, 8)).ToArray();
                var fromInt8 = rt.Run(new RuntimeTensor(input.Name, _shape, q));
                for (int j = 0; j < fromFloat.Outputs.Count; j++)
                {
                    var a = fromFloat.Outputs[j];
                    var b = fromInt8.Outputs[j];
                    if (a.Int8 is not null && b.Int8 is not null) report.Compare(k, a.Name, Integers(a), Integers(b));
                    else report.Compare(k, a.Name, a.Float!, b.Float!);
                }
                report.Samples++;
            }
            return report;
        }

        private RunResult Execute(RuntimeTensor x)
        {
            if (dumpFolder is null || _dumped) return rt.Run(x);
            var result = rt.Run(x, new RunOptions { Dump = true });
            result.WriteDump(dumpFolder);
            _dumped = true;
            return result;
        }

        private RuntimeTensor LoadInput(string dir, int k)
        {
            string path = ReferenceSet.InputPath(dir, k), int8Path = ReferenceSet.Int8InputPath(dir, k);
            Array data;
            if (File.Exists(path))
            {
                data = input.ElementType == TensorElementType.Int8 ? ReferenceSet.ReadInt8(path) : ReferenceSet.ReadFloats(path);
            }
            else if (File.Exists(int8Path))
            {
                if (!input.AcceptsInt8)
                    throw new LingerException($"{int8Path}: input '{input.Name}' cannot be fed int8 (no leading Quant); write float values to {Path.GetFileName(path)}.");
                data = ReferenceSet.ReadInt8(path = int8Path);
            }
            else
            {
                throw new LingerException($"sample {k}: the input file '{path}' is missing.");
            }
            if (data.Length != Length)
                throw new LingerException($"{path}: {data.Length} values, but input '{input.Name}' [{RuntimeTensor.FormatShape(input.Shape)}] needs {Length}.");
            return new RuntimeTensor(input.Name, _shape, data);
        }

        private static long[] Integers(RunOutput o) =>
            o.Int8?.Select(v => (long)v).ToArray()
            ?? throw new LingerException($"output '{o.Name}' is float only (no int8 values to compare); verify compares integers.");
    }
}
