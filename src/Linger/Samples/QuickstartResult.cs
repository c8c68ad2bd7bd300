using System.Text.Json;
using LingerNet.Training;

namespace LingerNet.Samples;

/// <summary>What <see cref="QuickstartPipeline.Run"/> measured; also written as <c>report.json</c>.</summary>
public sealed class QuickstartResult
{
    /// <summary>Test accuracy of the float model (eval mode) after float training.</summary>
    public required double FloatAccuracy { get; init; }

    /// <summary>Test accuracy (eval mode) after <c>Linger.Init</c> and QAT fine-tuning.</summary>
    public required double QatAccuracy { get; init; }

    /// <summary>Whether the QAT phase really quantized (false while the hook is the float placeholder).</summary>
    public required bool QatQuantized { get; init; }

    /// <summary>Seconds spent in float training steps.</summary>
    public required double FloatTrainSeconds { get; init; }

    /// <summary>Seconds spent in QAT training steps.</summary>
    public required double QatTrainSeconds { get; init; }

    /// <summary>Wall time of the whole run, including loading and evaluation.</summary>
    public required double TotalSeconds { get; init; }

    /// <summary>"bundled subset" or the data directory given.</summary>
    public required string Dataset { get; init; }

    /// <summary>The full path the data was read from.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Training samples.</summary>
    public required int TrainSamples { get; init; }

    /// <summary>Test samples.</summary>
    public required int TestSamples { get; init; }

    /// <summary>The options of the run.</summary>
    public required QuickstartOptions Options { get; init; }

    /// <summary>Float epochs, in order.</summary>
    public required IReadOnlyList<EpochSummary> FloatHistory { get; init; }

    /// <summary>QAT epochs, in order.</summary>
    public required IReadOnlyList<EpochSummary> QatHistory { get; init; }

    /// <summary>Where report.json was written.</summary>
    public required string ReportPath { get; init; }

    /// <summary>The exported thinker-dialect ONNX file.</summary>
    public string? OnnxPath { get; init; }

    /// <summary>The runtime comparison, when it ran.</summary>
    public RuntimeCheck? Runtime { get; init; }

    /// <summary>Float plus QAT training seconds.</summary>
    public double TrainSeconds => FloatTrainSeconds + QatTrainSeconds;

    /// <summary>Writes the result as JSON with snake_case keys (<c>float_accuracy</c>, <c>qat_accuracy</c>,
    /// <c>train_seconds</c>, <c>dataset</c>, <c>test_samples</c>, <c>epochs</c>, <c>seed</c>, ...).</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void WriteJson(string path)
    {
        using var file = File.Create(path);
        using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("float_accuracy", FloatAccuracy);
        if (!Options.SingleStage) w.WriteNumber("stage1_float_accuracy", FloatAccuracy);
        w.WriteBoolean("two_stage", !Options.SingleStage);
        w.WriteNumber("qat_accuracy", QatAccuracy);
        w.WriteBoolean("qat_quantized", QatQuantized);
        if (OnnxPath is not null) w.WriteString("onnx_path", OnnxPath);
        if (Runtime is not null)
        {
            w.WriteNumber("runtime_accuracy", Runtime.RuntimeAccuracy);
            w.WriteNumber("eval_integer_accuracy", Runtime.EvalAccuracy);
            w.WriteNumber("bitexact_elements", Runtime.BitExactElements);
            w.WriteNumber("total_elements", Runtime.TotalElements);
        }
        w.WriteNumber("train_seconds", Math.Round(TrainSeconds, 3));
        w.WriteNumber("float_train_seconds", Math.Round(FloatTrainSeconds, 3));
        w.WriteNumber("qat_train_seconds", Math.Round(QatTrainSeconds, 3));
        w.WriteNumber("total_seconds", Math.Round(TotalSeconds, 3));
        w.WriteString("dataset", Dataset);
        w.WriteString("data_directory", DataDirectory);
        w.WriteNumber("train_samples", TrainSamples);
        w.WriteNumber("test_samples", TestSamples);
        w.WriteNumber("epochs", Options.Epochs);
        w.WriteNumber("qat_epochs", Options.QatEpochs);
        w.WriteNumber("seed", Options.Seed);
        w.WriteNumber("batch_size", Options.BatchSize);
        w.WriteNumber("learning_rate", Options.LearningRate);
        w.WriteNumber("qat_learning_rate", Options.LearningRate / 10);
        w.WriteNumber("width", Options.Width);
        w.WriteString("model", nameof(QuickstartNet));
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
