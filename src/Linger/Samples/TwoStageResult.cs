using System.Text.Json;
using LingerNet.Training;

namespace LingerNet.Samples;

/// <summary>
/// What a sample pipeline that trains in float, then quantization-aware (<c>Linger.Init</c>), measured: the part
/// <see cref="QuickstartResult"/> and <see cref="KwsResult"/> share, and the <c>report.json</c> keys they share.
/// </summary>
public abstract class TwoStageResult
{
    private protected TwoStageResult() { }

    /// <summary>Test accuracy of the float model (eval mode) after float training (stage 1 when constrained).</summary>
    public required double FloatAccuracy { get; init; }

    /// <summary>Test accuracy (eval mode) after <c>Linger.Init</c> and QAT.</summary>
    public required double QatAccuracy { get; init; }

    /// <summary>The runtime comparison, when it ran.</summary>
    public RuntimeCheck? Runtime { get; init; }

    /// <summary>Seconds spent in float training steps.</summary>
    public required double FloatTrainSeconds { get; init; }

    /// <summary>Seconds spent in QAT training steps.</summary>
    public required double QatTrainSeconds { get; init; }

    /// <summary>Wall time of the whole run, including loading and evaluation.</summary>
    public required double TotalSeconds { get; init; }

    /// <summary>The pipeline's name for its bundled data, or the data directory given.</summary>
    public required string Dataset { get; init; }

    /// <summary>Training samples.</summary>
    public required int TrainSamples { get; init; }

    /// <summary>Test samples.</summary>
    public required int TestSamples { get; init; }

    /// <summary>Float epochs, in order.</summary>
    public required IReadOnlyList<EpochSummary> FloatHistory { get; init; }

    /// <summary>QAT epochs, in order.</summary>
    public required IReadOnlyList<EpochSummary> QatHistory { get; init; }

    /// <summary>Where report.json was written.</summary>
    public required string ReportPath { get; init; }

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
        WriteFields(w);
        WriteHistory(w, "float_history", FloatHistory);
        WriteHistory(w, "qat_history", QatHistory);
        w.WriteEndObject();
    }

    /// <summary>The pipeline's own keys, in report order, with the shared groups written by the helpers below.</summary>
    private protected abstract void WriteFields(Utf8JsonWriter w);

    /// <summary>The runtime's accuracy and bit-exact counts, when it ran.</summary>
    private protected void WriteRuntime(Utf8JsonWriter w)
    {
        if (Runtime is null) return;
        w.WriteNumber("runtime_accuracy", Runtime.RuntimeAccuracy);
        w.WriteNumber("eval_integer_accuracy", Runtime.EvalAccuracy);
        w.WriteNumber("bitexact_elements", Runtime.BitExactElements);
        w.WriteNumber("total_elements", Runtime.TotalElements);
    }

    /// <summary>Training and wall-clock seconds.</summary>
    private protected void WriteTimings(Utf8JsonWriter w)
    {
        w.WriteNumber("train_seconds", Math.Round(TrainSeconds, 3));
        w.WriteNumber("float_train_seconds", Math.Round(FloatTrainSeconds, 3));
        w.WriteNumber("qat_train_seconds", Math.Round(QatTrainSeconds, 3));
        w.WriteNumber("total_seconds", Math.Round(TotalSeconds, 3));
    }

    /// <summary>Sample counts and the settings both pipelines have (QAT runs at a tenth of the float rate).</summary>
    private protected void WriteSettings(Utf8JsonWriter w, int epochs, int qatEpochs, int seed, int batchSize, double learningRate, int width)
    {
        w.WriteNumber("train_samples", TrainSamples);
        w.WriteNumber("test_samples", TestSamples);
        w.WriteNumber("epochs", epochs);
        w.WriteNumber("qat_epochs", qatEpochs);
        w.WriteNumber("seed", seed);
        w.WriteNumber("batch_size", batchSize);
        w.WriteNumber("learning_rate", learningRate);
        w.WriteNumber("qat_learning_rate", learningRate / 10);
        w.WriteNumber("width", width);
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
