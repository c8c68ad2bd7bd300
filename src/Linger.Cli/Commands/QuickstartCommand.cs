using System.Globalization;
using LingerNet.Cli.CommandLine;
using LingerNet.Samples;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary><c>linger quickstart</c>: float training, Linger.Init, QAT fine-tuning and a report, on Fashion-MNIST.</summary>
internal sealed class QuickstartCommand : ICliCommand
{
    public string Name => "quickstart";

    public string Summary => "Train a small CNN on Fashion-MNIST in float, then quantization-aware; write a report.";

    public string Details =>
        "Without --data it uses the Fashion-MNIST subset bundled with linger (6000 train / 1000 test images).\n" +
        $"The full set: apt-get install dataset-fashion-mnist, then --data {Data.FashionMnist.DebianFolder}.\n" +
        "Writes OUT/report.json (accuracies, timings, settings), the float and QAT checkpoints, OUT/quickstart.onnx and\n" +
        "OUT/reference/ (the first 16 test images and their eval() integers, for linger verify; --reference-count N for more).";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("data", "DIR", "directory with the four Fashion-MNIST IDX files (default: the bundled subset)"),
        new("epochs", "N", $"float training epochs (default {QuickstartOptions.DefaultEpochs})"),
        new("qat-epochs", "N", $"QAT fine-tuning epochs at lr/10 (default {QuickstartOptions.DefaultQatEpochs})"),
        new("out", "DIR", $"output directory (default ./{QuickstartOptions.DefaultOutputDirectory})"),
        new("seed", "N", "seed of weights and shuffles (default 0)"),
        new("batch-size", "N", "samples per step (default 64)"),
        new("lr", "X", "Adam learning rate of the float phase (default 0.002)"),
        new("width", "N", "channels of the first block (default 16)"),
        new("single-stage", null, "skip the constraint stage (Linger.Constrain): plain float training, then Init"),
        new("reference-count", "N", $"test images written to OUT/reference/ for linger verify (default {RuntimeVerification.ReferenceSamples}; more than the test set: all)"),
    ];

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        var defaults = new QuickstartOptions();
        var options = new QuickstartOptions
        {
            DataDirectory = args.GetString("data"),
            Epochs = args.GetInt("epochs", defaults.Epochs, min: 1),
            QatEpochs = args.GetInt("qat-epochs", defaults.QatEpochs, min: 0),
            OutputDirectory = args.GetString("out") ?? defaults.OutputDirectory,
            Seed = args.GetInt("seed", defaults.Seed),
            BatchSize = args.GetInt("batch-size", defaults.BatchSize, min: 1),
            LearningRate = args.GetDouble("lr", defaults.LearningRate),
            Width = args.GetInt("width", defaults.Width, min: 1),
            SingleStage = args.Has("single-stage"),
        };
        int referenceCount = args.GetInt("reference-count", RuntimeVerification.ReferenceSamples, min: 0);
        if (options.DataDirectory is not null && !Directory.Exists(options.DataDirectory))
            throw new LingerException($"data directory '{options.DataDirectory}' does not exist.");

        QuickstartResult? result = null;
        TwoStageConsole.Run(console, "images", (observer, _) =>
            result = QuickstartPipeline.Run(options, observer, (m, test, onnx) => RuntimeVerification.Verify(m, test, onnx, referenceCount)));
        Report(console, result!);
        return 0;
    }

    private static void Report(IAnsiConsole console, QuickstartResult r)
    {
        var table = TwoStageConsole.ResultTable("linger quickstart");
        table.AddRow("dataset", Markup.Escape(r.Dataset));
        table.AddRow("train / test samples", $"{r.TrainSamples} / {r.TestSamples}");
        table.AddRow("epochs float + QAT", $"{r.Options.Epochs} + {r.Options.QatEpochs}");
        table.AddRow("seed", r.Options.Seed.ToString(CultureInfo.InvariantCulture));
        TwoStageConsole.AddOutcomeRows(table, r);
        if (r.Runtime is { } rt)
        {
            table.AddRow("onnx", Markup.Escape(rt.OnnxPath));
            table.AddRow("reference set", Markup.Escape(RuntimeVerification.ReferenceFolder(rt.OnnxPath)));
        }
        table.AddRow("report", Markup.Escape(r.ReportPath));
        console.Write(table);
        if (r.Runtime is { } check)
            console.MarkupLine($"[grey]try:[/] linger inspect {Markup.Escape(check.OnnxPath)}; linger verify {Markup.Escape(check.OnnxPath)} --reference {Markup.Escape(RuntimeVerification.ReferenceFolder(check.OnnxPath))}");
    }
}
