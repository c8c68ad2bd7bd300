using System.Text.Json;

namespace LingerNet.Samples;

/// <summary>What <see cref="QuickstartPipeline.Run"/> measured; also written as <c>report.json</c>.</summary>
public sealed class QuickstartResult : TwoStageResult
{
    /// <summary>Whether the QAT phase really quantized (false while the hook is the float placeholder).</summary>
    public required bool QatQuantized { get; init; }

    /// <summary>The full path the data was read from.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The options of the run.</summary>
    public required QuickstartOptions Options { get; init; }

    /// <summary>The exported thinker-dialect ONNX file.</summary>
    public string? OnnxPath { get; init; }

    private protected override void WriteFields(Utf8JsonWriter w)
    {
        w.WriteNumber("float_accuracy", FloatAccuracy);
        if (!Options.SingleStage) w.WriteNumber("stage1_float_accuracy", FloatAccuracy);
        w.WriteBoolean("two_stage", !Options.SingleStage);
        w.WriteNumber("qat_accuracy", QatAccuracy);
        w.WriteBoolean("qat_quantized", QatQuantized);
        if (OnnxPath is not null) w.WriteString("onnx_path", OnnxPath);
        WriteRuntime(w);
        WriteTimings(w);
        w.WriteString("dataset", Dataset);
        w.WriteString("data_directory", DataDirectory);
        WriteSettings(w, Options.Epochs, Options.QatEpochs, Options.Seed, Options.BatchSize, Options.LearningRate, Options.Width);
        w.WriteString("model", nameof(QuickstartNet));
    }
}
