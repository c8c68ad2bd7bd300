using System.Text.Json;
using LingerNet.Training;

namespace LingerNet.Samples;

/// <summary>What <see cref="KwsPipeline.Run"/> measured; also written as <c>report.json</c>.</summary>
public sealed class KwsResult
{
    /// <summary>Test accuracy of the float model after stage 1 (constrained float training).</summary>
    public required double FloatAccuracy { get; init; }

    /// <summary>Test accuracy (eval mode) after <c>Linger.Init</c> and QAT.</summary>
    public required double QatAccuracy { get; init; }

    /// <summary>The runtime comparison, when it ran.</summary>
    public RuntimeCheck? Runtime { get; init; }

    /// <summary>Class names in label order.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Per-class test accuracy of the QAT model (eval mode).</summary>
    public required IReadOnlyList<double> QatPerClass { get; init; }

    /// <summary>Per-class test accuracy of the runtime, when it ran.</summary>
    public IReadOnlyList<double>? RuntimePerClass { get; init; }

    /// <summary>Confusion counts [true class, predicted class] of the runtime's predictions (the QAT model's when
    /// the runtime did not run).</summary>
    public required int[,] Confusion { get; init; }

    /// <summary>Test samples per class.</summary>
    public required IReadOnlyList<int> TestPerClass { get; init; }

    /// <summary>Seconds in float training steps.</summary>
    public required double FloatTrainSeconds { get; init; }

    /// <summary>Seconds in QAT training steps.</summary>
    public required double QatTrainSeconds { get; init; }

    /// <summary>Wall time of the whole run.</summary>
    public required double TotalSeconds { get; init; }

    /// <summary>"bundled features" or the data directory given.</summary>
    public required string Dataset { get; init; }

    /// <summary>Training samples.</summary>
    public required int TrainSamples { get; init; }

    /// <summary>Test samples.</summary>
    public required int TestSamples { get; init; }

    /// <summary>Float epochs.</summary>
    public required IReadOnlyList<EpochSummary> FloatHistory { get; init; }

    /// <summary>QAT epochs.</summary>
    public required IReadOnlyList<EpochSummary> QatHistory { get; init; }

    /// <summary>The options of the run.</summary>
    public required KwsOptions Options { get; init; }

    /// <summary>The exported ONNX file.</summary>
    public required string OnnxPath { get; init; }

    /// <summary>The confusion-matrix picture, when one was drawn.</summary>
    public string? ConfusionPlotPath { get; init; }

    /// <summary>Where report.json went.</summary>
    public required string ReportPath { get; init; }

    /// <summary>Float plus QAT training seconds.</summary>
    public double TrainSeconds => FloatTrainSeconds + QatTrainSeconds;

    /// <summary>Writes the result as JSON with snake_case keys.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void WriteJson(string path)
    {
        using var file = File.Create(path);
        using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("model", Options.Model);
        w.WriteNumber("float_accuracy", FloatAccuracy);
        w.WriteNumber("stage1_float_accuracy", FloatAccuracy);
        w.WriteNumber("qat_accuracy", QatAccuracy);
        if (Runtime is not null)
        {
            w.WriteNumber("runtime_accuracy", Runtime.RuntimeAccuracy);
            w.WriteNumber("eval_integer_accuracy", Runtime.EvalAccuracy);
            w.WriteNumber("bitexact_elements", Runtime.BitExactElements);
            w.WriteNumber("total_elements", Runtime.TotalElements);
        }
        w.WriteString("onnx_path", OnnxPath);
        if (ConfusionPlotPath is not null) w.WriteString("confusion_png", ConfusionPlotPath);
        w.WriteStartObject("per_class");
        for (int c = 0; c < ClassNames.Count; c++)
        {
            w.WriteStartObject(ClassNames[c]);
            w.WriteNumber("test_samples", TestPerClass[c]);
            w.WriteNumber("qat_accuracy", Math.Round(QatPerClass[c], 5));
            if (RuntimePerClass is not null) w.WriteNumber("runtime_accuracy", Math.Round(RuntimePerClass[c], 5));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartArray("confusion");
        for (int t = 0; t < ClassNames.Count; t++)
        {
            w.WriteStartArray();
            for (int p = 0; p < ClassNames.Count; p++) w.WriteNumberValue(Confusion[t, p]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("classes");
        foreach (var c in ClassNames) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteNumber("train_seconds", Math.Round(TrainSeconds, 3));
        w.WriteNumber("float_train_seconds", Math.Round(FloatTrainSeconds, 3));
        w.WriteNumber("qat_train_seconds", Math.Round(QatTrainSeconds, 3));
        w.WriteNumber("total_seconds", Math.Round(TotalSeconds, 3));
        w.WriteString("dataset", Dataset);
        w.WriteNumber("train_samples", TrainSamples);
        w.WriteNumber("test_samples", TestSamples);
        w.WriteNumber("epochs", Options.Epochs);
        w.WriteNumber("qat_epochs", Options.QatEpochs);
        w.WriteNumber("seed", Options.Seed);
        w.WriteNumber("batch_size", Options.BatchSize);
        w.WriteNumber("learning_rate", Options.LearningRate);
        w.WriteNumber("qat_learning_rate", Options.LearningRate / 10);
        w.WriteNumber("width", Options.Width);
        if (Options.Model.Equals("gru", StringComparison.OrdinalIgnoreCase)) w.WriteString("gru_formula", Options.GruFormula.ToString().ToLowerInvariant());
        w.WriteNumber("time_shift_frames", Options.TimeShiftFrames);
        w.WriteNumber("threads", Options.Threads);
        WriteHistory(w, "float_history", FloatHistory);
        WriteHistory(w, "qat_history", QatHistory);
        w.WriteEndObject();
    }

    private static void WriteHistory(Utf8JsonWriter w, string name, IReadOnlyList<EpochSummary> history)
    {
        w.WriteStartArray(name);
        foreach (var e in history)
        {
            w.WriteStartObject();
            w.WriteNumber("epoch", e.Epoch);
            w.WriteNumber("loss", Math.Round(e.MeanLoss, 5));
            w.WriteNumber("train_accuracy", Math.Round(e.TrainAccuracy, 5));
            w.WriteNumber("seconds", Math.Round(e.Seconds, 3));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
