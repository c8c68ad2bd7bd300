using System.Globalization;
using LingerNet.Cli.CommandLine;
using LingerNet.Cli.Plots;
using LingerNet.Samples;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary><c>linger kws</c>: keyword spotting end to end (two-stage QAT, export, runtime) on log-mel features.</summary>
internal sealed class KwsCommand : ICliCommand
{
    public string Name => "kws";

    public string Summary => "Keyword spotting end to end: DS-CNN, Conv1d+GRU or Conv1d+LSTM, two-stage QAT, export, integer runtime, report.";

    public string Details =>
        "Without --data it uses the keyword-spotting features bundled with linger (data/kws-features, made by 'linger kws-data').\n" +
        "Flow: Linger.Constrain, float training, Linger.Init, QAT at lr/10, Linger.Export, the integer runtime over the test set.\n" +
        $"Writes OUT/report.json (accuracies, bit-exact counts, per-class accuracy, confusion, timings), OUT/{KwsPipeline.ConfusionFileName},\n" +
        $"OUT/{KwsPipeline.OnnxFileName}, OUT/{KwsPipeline.ClassesFileName}, OUT/qat.model and OUT/reference/ (for linger verify).\n" +
        $"Models: {string.Join(", ", KwsModelFactory.Available)} (gru and lstm: Conv1d front end, recurrent layer, Linear on the last step).";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("data", "DIR", "a feature set folder from 'linger kws-data' (default: the bundled features)"),
        new("model", "NAME", $"model: {string.Join(", ", KwsModelFactory.Available)} (default {KwsModelFactory.DefaultModel})"),
        new("epochs", "N", $"float training epochs (default {KwsOptions.DefaultEpochs}; gru, lstm: {KwsModelFactory.DefaultEpochs("gru")})"),
        new("qat-epochs", "N", $"QAT epochs at lr/10 (default {KwsOptions.DefaultQatEpochs})"),
        new("out", "DIR", $"output directory (default ./{KwsOptions.DefaultOutputDirectory})"),
        new("seed", "N", "seed of weights and shuffles (default 0)"),
        new("batch-size", "N", "samples per step (default 64)"),
        new("lr", "X", "Adam learning rate of the float phase (default 0.003)"),
        new("width", "N", $"channels of the model (default {KwsModelFactory.DefaultWidth(KwsModelFactory.DefaultModel)}; gru, lstm: hidden size, {KwsModelFactory.DefaultWidth("gru")})"),
        new("time-shift", "N", "training clips move by up to N frames (10 ms each) either way; 0 = off (default 10)"),
        new("gru-formula", "F", "GRU hidden-state update after Init: linger (output exponent fixed at 8, default) or chip (the venus formula at the free exponent)"),
        new("threads", "N", "libtorch threads while training (default 1: fastest on a busy shared machine; 0 = one per core)"),
    ];

    private static Numerics.Kernels.GruFormula ParseGruFormula(string? value) => value?.ToLowerInvariant() switch
    {
        null or "linger" => Numerics.Kernels.GruFormula.Linger,
        "chip" => Numerics.Kernels.GruFormula.Chip,
        _ => throw new LingerException($"--gru-formula {value}: expected 'linger' (output exponent fixed at 8) or 'chip' (the venus formula at the free exponent)."),
    };

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        var d = new KwsOptions();
        var model = args.GetString("model") ?? d.Model;
        var options = new KwsOptions
        {
            DataDirectory = args.GetString("data"),
            Model = model,
            Epochs = args.GetInt("epochs", KwsModelFactory.DefaultEpochs(model), min: 1),
            QatEpochs = args.GetInt("qat-epochs", d.QatEpochs, min: 1),
            OutputDirectory = args.GetString("out") ?? d.OutputDirectory,
            Seed = args.GetInt("seed", d.Seed),
            BatchSize = args.GetInt("batch-size", d.BatchSize, min: 1),
            LearningRate = args.GetDouble("lr", d.LearningRate),
            Width = args.GetInt("width", KwsModelFactory.DefaultWidth(model), min: 1),
            Threads = args.GetInt("threads", d.Threads, min: 0),
            TimeShiftFrames = args.GetInt("time-shift", d.TimeShiftFrames, min: 0),
            GruFormula = ParseGruFormula(args.GetString("gru-formula")),
        };
        if (options.DataDirectory is not null && !Directory.Exists(options.DataDirectory))
            throw new LingerException($"data directory '{options.DataDirectory}' does not exist.");
        KwsModelFactory.Create(options.Model, 2, 1).Dispose(); // an unsupported model fails here, before any output

        KwsResult? result = null;
        TwoStageConsole.Run(console, "clips", (observer, ctx) =>
            result = KwsPipeline.Run(options, observer,
                (model, test, onnx) =>
                {
                    var task = ctx.AddTask("runtime over the test set", maxValue: test.Count);
                    var check = RuntimeVerification.Verify(model, test, onnx, (done, _) => task.Value = done);
                    task.StopTask();
                    return check;
                },
                (counts, classes, path) => ConfusionMatrixPlot.Save(counts, classes, path, $"linger kws: {options.Model}, runtime on the test set")));
        Report(console, result!);
        return 0;
    }

    private static void Report(IAnsiConsole console, KwsResult r)
    {
        var table = TwoStageConsole.ResultTable("linger kws");
        table.AddRow("dataset", Markup.Escape(r.Dataset));
        table.AddRow("model", Markup.Escape(r.Options.Model) + $" (width {r.Options.Width})");
        table.AddRow("train / test clips", $"{r.TrainSamples} / {r.TestSamples}");
        table.AddRow("epochs float + QAT", $"{r.Options.Epochs} + {r.Options.QatEpochs}");
        table.AddRow("batch / lr / threads", $"{r.Options.BatchSize} / {r.Options.LearningRate.ToString(CultureInfo.InvariantCulture)} / {r.Options.Threads}");
        table.AddRow("seed", r.Options.Seed.ToString(CultureInfo.InvariantCulture));
        TwoStageConsole.AddOutcomeRows(table, r);
        table.AddRow("onnx", Markup.Escape(r.OnnxPath));
        if (r.ConfusionPlotPath is not null) table.AddRow("confusion matrix", Markup.Escape(r.ConfusionPlotPath));
        table.AddRow("report", Markup.Escape(r.ReportPath));
        console.Write(table);

        var perClass = new Table().Border(TableBorder.Simple).Title("per-class test accuracy");
        perClass.AddColumn("class");
        perClass.AddColumn(new TableColumn("clips").RightAligned());
        perClass.AddColumn(new TableColumn("QAT").RightAligned());
        if (r.RuntimePerClass is not null) perClass.AddColumn(new TableColumn("runtime").RightAligned());
        for (int c = 0; c < r.ClassNames.Count; c++)
        {
            var row = new List<string> { Markup.Escape(r.ClassNames[c]), r.TestPerClass[c].ToString(CultureInfo.InvariantCulture), $"{r.QatPerClass[c]:P1}" };
            if (r.RuntimePerClass is not null) row.Add($"{r.RuntimePerClass[c]:P1}");
            perClass.AddRow([.. row]);
        }
        console.Write(perClass);
        console.MarkupLine($"[grey]try:[/] linger verify {Markup.Escape(r.OnnxPath)} --reference {Markup.Escape(RuntimeVerification.ReferenceFolder(r.OnnxPath))}; linger kws-stream {Markup.Escape(r.OnnxPath)} SPEECH.wav");
    }
}
