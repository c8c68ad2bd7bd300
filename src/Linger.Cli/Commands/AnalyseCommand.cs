using System.Globalization;
using System.Text.Json;
using LingerNet.Analysis;
using LingerNet.Cli.CommandLine;
using LingerNet.Data;
using LingerNet.Samples;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Cli.Commands;

/// <summary>
/// <c>linger analyse CHECKPOINT</c>: loads a quickstart QAT checkpoint into <see cref="QuickstartNet"/>, runs
/// <see cref="Linger.Analyse"/> on test images and writes the Markdown/HTML report with charts. Exit 0 (the analysis is
/// informational), 2 bad input.
/// </summary>
internal sealed class AnalyseCommand : ICliCommand
{
    /// <summary>Test images analysed when --samples is not given.</summary>
    public const int DefaultSamples = 256;

    public string Name => "analyse";

    public string Summary => "Why did accuracy drop? Per-layer scales, clipping, unused bits and SQNR of a quickstart checkpoint, worst layers first.";

    public string Details =>
        "CHECKPOINT is a QAT checkpoint of the quickstart network (quickstart-out/qat.model); two-stage (Constrain) and --single-stage\n" +
        "checkpoints are both recognised. The float reference is the same network with the same weights and no quantization.\n" +
        "Writes OUT/report.md, OUT/report.html and PNG charts (histograms with the clip range, SQNR per layer).";

    public string? Positional => "CHECKPOINT";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("data", "DIR", "directory with the Fashion-MNIST IDX files (default: the bundled subset); the test images are used"),
        new("samples", "N", $"test images to run (default {DefaultSamples})"),
        new("width", "N", "channels of the network's first block, as trained (default 16)"),
        new("out", "DIR", "where the report goes (default ./analyse-out)"),
        new("json", null, "print the per-layer numbers as JSON (snake_case keys) instead of tables"),
    ];

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        string checkpoint = args.Positional!;
        if (!File.Exists(checkpoint)) throw new LingerException($"checkpoint '{checkpoint}' does not exist.");
        int samples = args.GetInt("samples", DefaultSamples, min: 1);
        int width = args.GetInt("width", 16, min: 1);
        string outDir = args.GetString("out") ?? "analyse-out";
        string? dataDir = args.GetString("data");
        if (dataDir is not null && !Directory.Exists(dataDir)) throw new LingerException($"data directory '{dataDir}' does not exist.");
        dataDir ??= FashionMnist.FindBundledSubset()
            ?? throw new LingerException($"the bundled Fashion-MNIST subset ({FashionMnist.BundledSubsetFolder}) was not found; pass --data DIR.");

        using var scope = NewDisposeScope();
        // The model first: a wrong checkpoint fails before the data is read. Constrain only traces which module feeds
        // which, so any image-shaped sample does.
        var (model, flow) = LoadQuickstart(checkpoint, width, zeros(1, 1, FashionMnist.ImageSize, FashionMnist.ImageSize));
        using (model)
        {
            using var data = FashionMnist.Load(dataDir);
            var images = data.Test.Slice(0, Math.Min(samples, data.Test.Count)).Images;
            var report = Linger.Analyse(model, images);
            string html = report.Write(outDir);
            if (args.Has("json"))
            {
                var writer = console.Profile.Out.Writer;
                writer.WriteLine(JsonSerializer.Serialize(ToJson(report, checkpoint, flow, html), InspectCommand.Json));
                writer.Flush();
            }
            else
            {
                Render(console, report, checkpoint, flow);
                console.MarkupLine($"report: [blue]{Markup.Escape(html)}[/] (and report.md, PNG charts beside it)");
            }
        }
        return CliApp.ExitOk;
    }

    /// <summary>Rebuilds the quickstart network as the checkpoint was trained: two-stage (Constrain, Init) or single-stage (Init).</summary>
    internal static (QuickstartNet Model, string Flow) LoadQuickstart(string checkpoint, int width, Tensor sample)
    {
        LingerException? first = null;
        foreach (bool twoStage in new[] { true, false })
        {
            random.manual_seed(0);
            var net = new QuickstartNet(width);
            try
            {
                if (twoStage) Linger.Constrain(net, sample);
                Linger.Init(net);
                Linger.LoadCheckpoint(net, checkpoint);
                net.eval();
                return (net, twoStage ? "two-stage (Constrain, Init)" : "single-stage (Init)");
            }
            catch (LingerException e)
            {
                net.Dispose();
                first ??= e;
            }
        }
        throw new LingerException(
            $"'{checkpoint}' is not a QAT checkpoint of the quickstart network with --width {width} (two-stage or single-stage): {first!.Message}", first);
    }

    private static object ToJson(AnalysisReport r, string checkpoint, string flow, string html) => new
    {
        checkpoint,
        flow,
        samples = r.Samples,
        float_reference = r.FloatReference,
        report = html,
        worst_first = r.WorstFirst.Select(l => l.Name),
        not_reached = r.NotReached,
        layers = r.Layers.Select(l => new
        {
            name = l.Name,
            kind = l.Kind,
            sqnr_db = Finite(l.Sqnr),
            local_sqnr_db = Finite(l.LocalSqnr),
            advice = l.Advice,
            output = Stats(l.Activations),
            weights = l.Weights is null ? null : Stats(l.Weights),
        }),
    };

    private static object Stats(TensorStatistics s) => new
    {
        min = s.Min, max = s.Max, mean = s.Mean, std = s.Std, q = s.ScaleExponent, bits = s.Bits,
        clipped_share = s.ClippedShare, max_abs_integer = s.MaxAbsInteger, unused_bits = s.UnusedBits,
    };

    /// <summary>JSON has no infinities: ±∞ dB (exact / no signal) become ±999, NaN (no reference) null.</summary>
    private static double? Finite(double v) => double.IsNaN(v) ? null : double.IsPositiveInfinity(v) ? 999 : double.IsNegativeInfinity(v) ? -999 : v;

    private static void Render(IAnsiConsole console, AnalysisReport r, string checkpoint, string flow)
    {
        console.MarkupLine($"[bold]{Markup.Escape(checkpoint)}[/]: quickstart network, {Markup.Escape(flow)}; {r.Samples} test images; " +
                           $"SQNR against {Markup.Escape(r.FloatReference)}");
        var t = new Table().Border(TableBorder.Rounded).Title("[bold]layers, worst first (by the error each adds itself)[/]");
        t.AddColumn("layer");
        t.AddColumn("kind");
        foreach (var h in new[] { "local SQNR dB", "SQNR dB", "out Q", "out clipped", "out unused bits", "w Q", "w unused bits" })
            t.AddColumn(new TableColumn(h).RightAligned());
        t.AddColumn("likely cause and fix");
        foreach (var l in r.WorstFirst)
        {
            var a = l.Activations;
            var w = l.Weights;
            string advice = l.Advice == "fine" ? "[green]fine[/]" : $"[yellow]{Markup.Escape(l.Advice)}[/]";
            t.AddRow(Markup.Escape(l.Name), Markup.Escape(l.Kind), Db(l.LocalSqnr), Db(l.Sqnr), a.ScaleExponent is int n ? $"Q{n}" : "float",
                (a.ClippedShare * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %", a.UnusedBits.ToString(CultureInfo.InvariantCulture),
                w?.ScaleExponent is int nw ? $"Q{nw}" : "", w is null ? "" : w.UnusedBits.ToString(CultureInfo.InvariantCulture), advice);
        }
        console.Write(t);
        if (r.NotReached.Count > 0)
            console.MarkupLine($"[yellow]not reached through call():[/] {Markup.Escape(string.Join(", ", r.NotReached))}");
    }

    private static string Db(double v) => double.IsNaN(v) ? "n/a" : double.IsPositiveInfinity(v) ? "∞" : v.ToString("0.0", CultureInfo.InvariantCulture);
}
