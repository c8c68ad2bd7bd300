using LingerNet.Samples;
using LingerNet.Training;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary>
/// The console side that <c>linger quickstart</c> and <c>linger kws</c> share: progress bars while a two-stage
/// pipeline runs (one bar per training phase), and the result table's rows for accuracies, runtime and time.
/// </summary>
internal static class TwoStageConsole
{
    /// <summary>Runs <paramref name="pipeline"/> under a progress display that shows its phases and evaluations.</summary>
    /// <param name="console">Where to draw.</param>
    /// <param name="sampleNoun">What the data's samples are called in the "data:" line ("images", "clips").</param>
    /// <param name="pipeline">Runs the pipeline with the observer and the progress context (to add its own bars).</param>
    public static void Run(IAnsiConsole console, string sampleNoun, Action<IQuickstartObserver, ProgressContext> pipeline)
    {
        var observer = new ProgressObserver(console, sampleNoun);
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                observer.Context = ctx;
                pipeline(observer, ctx);
            });
    }

    /// <summary>A two-column (metric, value) table titled <paramref name="title"/>.</summary>
    public static Table ResultTable(string title)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]");
        table.AddColumn("metric");
        table.AddColumn(new TableColumn("value").RightAligned());
        return table;
    }

    /// <summary>Float, QAT and runtime accuracy, the bit-exact count, and the training and total time.</summary>
    public static void AddOutcomeRows(Table table, TwoStageResult r)
    {
        table.AddRow("[bold]float accuracy[/]", $"[bold]{r.FloatAccuracy:P2}[/]");
        table.AddRow("[bold]QAT accuracy[/]", $"[bold]{r.QatAccuracy:P2}[/]");
        if (r.Runtime is { } rt)
        {
            table.AddRow("[bold]runtime accuracy[/]", $"[bold]{rt.RuntimeAccuracy:P2}[/]");
            string colour = rt.BitExactElements == rt.TotalElements ? "green" : "red";
            table.AddRow("bit-exact outputs", $"[{colour}]{rt.BitExactElements} / {rt.TotalElements}[/]");
        }
        table.AddRow("train time float + QAT", $"{r.FloatTrainSeconds:F1} s + {r.QatTrainSeconds:F1} s");
        table.AddRow("total time", $"{r.TotalSeconds:F1} s");
    }

    private sealed class ProgressObserver(IAnsiConsole console, string sampleNoun) : IQuickstartObserver
    {
        private ProgressTask? _task;
        private int _epochs;

        public ProgressContext? Context { get; set; }

        public void DataLoaded(string dataset, int trainSamples, int testSamples)
            => console.MarkupLine($"data: [blue]{Markup.Escape(dataset)}[/] ({trainSamples} train, {testSamples} test {sampleNoun})");

        public void PhaseStarted(string phase, int epochs, int stepsPerEpoch)
        {
            _epochs = epochs;
            if (Context is not null) _task = Context.AddTask($"{phase} ({epochs} epochs)", maxValue: epochs * stepsPerEpoch);
        }

        public void Step(string phase, TrainingProgress p)
        {
            if (_task is null) return;
            _task.Value = p.Epoch * p.Steps + p.Step;
            if (p.Step % 10 == 0 || p.Step == p.Steps)
                _task.Description = $"{phase} epoch {p.Epoch + 1}/{_epochs} loss {p.Loss:F3}";
        }

        public void EpochFinished(string phase, EpochSummary s)
        {
            if (_task is null) return;
            _task.Description = $"{phase} epoch {s.Epoch + 1}/{_epochs} loss {s.MeanLoss:F3} acc {s.TrainAccuracy:P1}";
            if (s.Epoch + 1 == _epochs) _task.StopTask();
        }

        public void Evaluated(string phase, double accuracy)
            => console.MarkupLine($"{phase} test accuracy: [green]{accuracy:P2}[/]");
    }
}
