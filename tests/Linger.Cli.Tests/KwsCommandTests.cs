using System.Text.Json;
using LingerNet.Data;
using LingerNet.Samples;
using LingerNet.Speech;
using TorchSharp;
using Xunit;

namespace LingerNet.Cli.Tests;

public class KwsCommandTests
{
    private static string StreamWav => Path.Combine(AppContext.BaseDirectory, "TestData", "kws-stream.wav");

    /// <summary>The report says the runtime ran every test clip (12 logits each) with eval's integers, hence its accuracy.</summary>
    private static void AssertRuntimeBitExact(JsonElement report, int testClips)
    {
        Assert.Equal(report.GetProperty("qat_accuracy").GetDouble(), report.GetProperty("runtime_accuracy").GetDouble());
        Assert.Equal(testClips * 12, report.GetProperty("total_elements").GetInt64());
        Assert.Equal(report.GetProperty("total_elements").GetInt64(), report.GetProperty("bitexact_elements").GetInt64());
    }

    /// <summary>The report's float and QAT accuracies are well above chance (1/12).</summary>
    private static void AssertLearned(JsonElement report)
    {
        Assert.InRange(report.GetProperty("float_accuracy").GetDouble(), 0.3, 1.0);
        Assert.InRange(report.GetProperty("qat_accuracy").GetDouble(), 0.3, 1.0);
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void Kws_RecurrentModelOnFewClips_ExportsAndRuntimeIsBitExact(string model)
    {
        using var dir = new TempFolder();
        var data = SmallFeatureSet(dir.File("data"), train: 48, test: 24);
        var (code, output) = CliRunner.Run("kws", "--data", data, "--model", model, "--width", "8", "--epochs", "1", "--qat-epochs", "1",
            "--batch-size", "16", "--out", dir.File("out"));
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("out"), "report.json")));
        var r = json.RootElement;
        Assert.Equal(model, r.GetProperty("model").GetString());
        Assert.Equal(24, r.GetProperty("test_samples").GetInt32());
        AssertRuntimeBitExact(r, testClips: 24);
        Assert.Equal(model == "gru", r.TryGetProperty("gru_formula", out _));
    }

    [Fact]
    public void Kws_GruChipFormulaOnFewClips_ExportsForVenusAndRuntimeIsBitExact()
    {
        using var dir = new TempFolder();
        var data = SmallFeatureSet(dir.File("data"), train: 32, test: 16);
        var (code, output) = CliRunner.Run("kws", "--data", data, "--model", "gru", "--gru-formula", "chip", "--width", "8",
            "--epochs", "1", "--qat-epochs", "1", "--batch-size", "16", "--out", dir.File("out"));
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("out"), "report.json")));
        var r = json.RootElement;
        Assert.Equal("chip", r.GetProperty("gru_formula").GetString());
        Assert.Equal(r.GetProperty("total_elements").GetInt64(), r.GetProperty("bitexact_elements").GetInt64());
    }

    [Fact]
    public void Kws_UnknownGruFormula_Exit2NamesTheChoices()
    {
        var (code, output) = CliRunner.Run("kws", "--model", "gru", "--gru-formula", "exact", "--out", Path.GetTempPath());
        Assert.Equal(2, code);
        Assert.Contains("--gru-formula exact", output);
        Assert.Contains("chip", output);
    }

    /// <summary>The first clips of each bundled split, saved as a feature set folder (a fast data set for a CLI run).</summary>
    private static string SmallFeatureSet(string folder, int train, int test)
    {
        var bundled = KwsDataset.FindBundled()!;
        var classes = KwsDataset.ReadClasses(bundled);
        var trainSet = KwsDataset.ReadSplit(bundled, KwsDataset.TrainFeaturesFile, KwsDataset.TrainLabelsFile, classes.Count);
        var testSet = KwsDataset.ReadSplit(bundled, KwsDataset.TestFeaturesFile, KwsDataset.TestLabelsFile, classes.Count);
        int clip = KwsFeatures.Frames * KwsFeatures.MelBins;
        KwsDataset.Save(folder, classes,
            new KwsFeatureSet(trainSet.Codes[..(train * clip)], trainSet.Labels[..train]),
            new KwsFeatureSet(testSet.Codes[..(test * clip)], testSet.Labels[..test]));
        return folder;
    }

    [Fact]
    public void Kws_MissingDataDir_Exit2NamesDir()
    {
        var (code, output) = CliRunner.Run("kws", "--data", "/nonexistent/kws-data", "--out", Path.GetTempPath());
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/kws-data", output);
    }

    [Fact]
    public void KwsData_MissingOut_Exit2()
    {
        var (code, output) = CliRunner.Run("kws-data");
        Assert.Equal(2, code);
        Assert.Contains("--out", output);
    }

    [Fact]
    public void KwsStream_NeedsModelAndWav()
    {
        var (code, output) = CliRunner.Run("kws-stream", "model.onnx");
        Assert.Equal(2, code);
        Assert.Contains("needs WAV", output);
    }

    [Fact]
    public void KwsStream_UntrainedExportedModel_RunsEveryWindowAndReportsRealTimeFactor()
    {
        using var dir = new TempFolder();
        var onnx = ExportTinyModel(dir.Path);
        var (code, output) = CliRunner.Run("kws-stream", onnx, StreamWav, "--hop-ms", "200", "--trace");
        Assert.True(code == 0, output);
        // 6.6 s → 658 frames; windows of 98 frames every 20 frames: 1 + (658 − 98) / 20 = 29.
        Assert.Contains("29 windows every 200 ms", output);
        Assert.Contains("real-time factor", output);
    }

    [Fact]
    public void KwsStream_HopNotAMultipleOf10_Exit2()
    {
        using var dir = new TempFolder();
        var onnx = ExportTinyModel(dir.Path);
        var (code, output) = CliRunner.Run("kws-stream", onnx, StreamWav, "--hop-ms", "15");
        Assert.Equal(2, code);
        Assert.Contains("multiple of 10", output);
    }

    [Fact]
    public void KwsStream_WrongSampleRate_Exit2SaysHowToConvert()
    {
        using var dir = new TempFolder();
        var onnx = ExportTinyModel(dir.Path);
        var wav = dir.File("8k.wav");
        WavFile.Write(wav, new float[16000], 8000);
        var (code, output) = CliRunner.Run("kws-stream", onnx, wav);
        Assert.Equal(2, code);
        Assert.Contains("8000 Hz", output);
        Assert.Contains("sox", output);
    }

    /// <summary>A DS-CNN of width 4 with quantization statistics from a few forward passes, exported with classes.txt.</summary>
    private static string ExportTinyModel(string folder)
    {
        torch.random.manual_seed(0);
        using var data = KwsDataset.Load(KwsDataset.FindBundled()!);
        using var model = new KwsDsCnn(data.ClassNames.Count, width: 4);
        Linger.Init(model);
        model.train();
        using (torch.no_grad())
        {
            for (int i = 0; i < 3; i++)
            {
                using var scope = torch.NewDisposeScope();
                model.call(data.Train.Slice(i * 16, 16).Images);
            }
        }
        var onnx = Path.Combine(folder, "tiny.onnx");
        Linger.Export(model, data.Test.Slice(0, 1).Images, onnx);
        File.WriteAllLines(Path.Combine(folder, KwsPipeline.ClassesFileName), data.ClassNames);
        return onnx;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Kws_BundledFeatures_EndToEndBitExactAndStreams()
    {
        using var dir = new TempFolder();
        var (code, output) = CliRunner.Run("kws", "--epochs", "4", "--qat-epochs", "1", "--out", dir.Path, "--seed", "1");
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("report.json")));
        var r = json.RootElement;
        Assert.Equal("dscnn", r.GetProperty("model").GetString());
        Assert.Equal("bundled features", r.GetProperty("dataset").GetString());
        Assert.Equal(1800, r.GetProperty("train_samples").GetInt32());
        Assert.Equal(480, r.GetProperty("test_samples").GetInt32());
        AssertLearned(r);
        AssertRuntimeBitExact(r, testClips: 480);
        Assert.Equal(12, r.GetProperty("per_class").EnumerateObject().Count());
        Assert.Equal(480, r.GetProperty("confusion").EnumerateArray().Sum(row => row.EnumerateArray().Sum(v => v.GetInt32())));
        Assert.True(r.GetProperty("train_seconds").GetDouble() > 0);
        Assert.True(new FileInfo(dir.File(KwsPipeline.ConfusionFileName)).Length > 1000);
        Assert.Equal(KwsVocabulary.ClassNames, File.ReadAllLines(dir.File(KwsPipeline.ClassesFileName)));

        var onnx = dir.File(KwsPipeline.OnnxFileName);
        var (verifyCode, verifyOutput) = CliRunner.Run("verify", onnx, "--reference", dir.File("reference"));
        Assert.True(verifyCode == 0, verifyOutput);
        var (streamCode, streamOutput) = CliRunner.Run("kws-stream", onnx, StreamWav);
        Assert.True(streamCode == 0, streamOutput);
        Assert.Contains("57 windows every 100 ms", streamOutput);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Kws_GruOnBundledFeatures_LearnsAndRuntimeIsBitExact()
    {
        using var dir = new TempFolder();
        var (code, output) = CliRunner.Run("kws", "--model", "gru", "--epochs", "10", "--qat-epochs", "1", "--out", dir.Path, "--seed", "1");
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("report.json")));
        var r = json.RootElement;
        Assert.Equal("gru", r.GetProperty("model").GetString());
        Assert.Equal("linger", r.GetProperty("gru_formula").GetString());
        Assert.Equal(96, r.GetProperty("width").GetInt32());
        AssertLearned(r);
        AssertRuntimeBitExact(r, testClips: 480);
        var (verifyCode, verifyOutput) = CliRunner.Run("verify", dir.File(KwsPipeline.OnnxFileName), "--reference", dir.File("reference"));
        Assert.True(verifyCode == 0, verifyOutput);
    }
}
