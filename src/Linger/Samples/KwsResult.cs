using System.Text.Json;

namespace LingerNet.Samples;

/// <summary>What <see cref="KwsPipeline.Run"/> measured; also written as <c>report.json</c>.</summary>
public sealed class KwsResult : TwoStageResult
{
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

    /// <summary>The options of the run.</summary>
    public required KwsOptions Options { get; init; }

    /// <summary>The exported ONNX file.</summary>
    public required string OnnxPath { get; init; }

    /// <summary>The confusion-matrix picture, when one was drawn.</summary>
    public string? ConfusionPlotPath { get; init; }

    private protected override void WriteFields(Utf8JsonWriter w)
    {
        w.WriteString("model", Options.Model);
        w.WriteNumber("float_accuracy", FloatAccuracy);
        w.WriteNumber("stage1_float_accuracy", FloatAccuracy);
        w.WriteNumber("qat_accuracy", QatAccuracy);
        WriteRuntime(w);
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
        WriteTimings(w);
        w.WriteString("dataset", Dataset);
        WriteSettings(w, Options.Epochs, Options.QatEpochs, Options.Seed, Options.BatchSize, Options.LearningRate, Options.Width);
        if (Options.Model.Equals("gru", StringComparison.OrdinalIgnoreCase)) w.WriteString("gru_formula", Options.GruFormula.ToString().ToLowerInvariant());
        w.WriteNumber("time_shift_frames", Options.TimeShiftFrames);
        w.WriteNumber("threads", Options.Threads);
    }
}
