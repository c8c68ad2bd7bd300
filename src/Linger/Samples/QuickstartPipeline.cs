using System.Diagnostics;
using LingerNet.Data;
using LingerNet.Training;
using TorchSharp;

namespace LingerNet.Samples;

/// <summary>
/// The whole quickstart journey on Fashion-MNIST: train <see cref="QuickstartNet"/> in float, evaluate,
/// <c>Linger.Init</c>, fine-tune with a tenth of the learning rate, evaluate in eval mode, write
/// <c>report.json</c> and the two checkpoints (<c>float.model</c>, <c>qat.model</c>, TorchSharp format)
/// into the output directory. Deterministic for a given seed.
/// </summary>
public static class QuickstartPipeline
{
    /// <summary>The name of the report file in the output directory.</summary>
    public const string ReportFileName = "report.json";

    /// <summary>What the report says for the data set when the bundled subset was used.</summary>
    public const string BundledDatasetName = "bundled subset";

    /// <summary>Runs the quickstart.</summary>
    /// <param name="options">Data, epochs, output, seed.</param>
    /// <param name="observer">Progress receiver, or null.</param>
    /// <returns>Accuracies, timings and where the report went.</returns>
    /// <exception cref="LingerException">The data directory or a file in it is missing or corrupt, the
    /// bundled subset cannot be found, an option is out of range, or the output cannot be written.</exception>
    /// <param name="verify">Runs the exported ONNX file in the integer runtime over the test set (the CLI
    /// supplies it: the runtime is not a dependency of this library), or null to skip.</param>
    public static QuickstartResult Run(QuickstartOptions options, IQuickstartObserver? observer = null,
        Func<torch.nn.Module<torch.Tensor, torch.Tensor>, ImageDataset, string, RuntimeCheck>? verify = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        TwoStageSteps.Validate(options.Epochs, options.QatEpochs, options.BatchSize, options.Width, options.LearningRate, options.OutputDirectory);
        observer ??= TwoStageSteps.Silent;
        var total = Stopwatch.StartNew();

        var (dir, dataset) = TwoStageSteps.FindData(options.DataDirectory, FashionMnist.FindBundledSubset, BundledDatasetName,
            $"the bundled Fashion-MNIST subset ({FashionMnist.BundledSubsetFolder}) was not found next to the application or in a parent of the current directory; pass --data DIR.");
        using var data = FashionMnist.Load(dir);
        observer.DataLoaded(dataset, data.Train.Count, data.Test.Count);
        var output = TwoStageSteps.CreateOutput(options.OutputDirectory);

        torch.random.manual_seed(options.Seed);
        using var net = new QuickstartNet(options.Width);
        torch.nn.Module<torch.Tensor, torch.Tensor> model = net;

        var sample = data.Test.Slice(0, 1).Images;
        if (!options.SingleStage)
            Linger.Constrain(model, sample); // stage 1: Conv+BN fused, weights and outputs clamped to ±8

        var (floatTrainer, qatTrainer) = TwoStageSteps.Phases(options.LearningRate, options.BatchSize, options.Seed, options.Epochs, options.QatEpochs);
        var (floatHistory, floatSeconds) = TwoStageSteps.Train(model, data.Train, floatTrainer, options.Epochs, options.SingleStage ? "float" : "stage 1", observer);
        double floatAccuracy = Trainer.Evaluate(model, data.Test);
        observer.Evaluated(options.SingleStage ? "float" : "stage 1 float", floatAccuracy);
        TwoStageSteps.Write(Path.Combine(output, "float.model"), path => model.save(path));

        Linger.Init(model); // stage 2: the one line
        var (qatHistory, qatSeconds) = TwoStageSteps.Train(model, data.Train, qatTrainer, options.QatEpochs, "qat", observer);
        double qatAccuracy = Trainer.Evaluate(model, data.Test);
        observer.Evaluated("qat", qatAccuracy);
        TwoStageSteps.Write(Path.Combine(output, "qat.model"), path => model.save(path));

        string onnxPath = Path.Combine(output, "quickstart.onnx");
        var check = TwoStageSteps.ExportAndVerify(model, sample, onnxPath, data.Test, verify, observer);

        var reportPath = Path.Combine(output, ReportFileName);
        var result = new QuickstartResult
        {
            FloatAccuracy = floatAccuracy,
            QatAccuracy = qatAccuracy,
            QatQuantized = true,
            Runtime = check,
            OnnxPath = onnxPath,
            FloatTrainSeconds = floatSeconds,
            QatTrainSeconds = qatSeconds,
            TotalSeconds = total.Elapsed.TotalSeconds,
            Dataset = dataset,
            DataDirectory = data.Directory,
            TrainSamples = data.Train.Count,
            TestSamples = data.Test.Count,
            Options = options,
            FloatHistory = floatHistory,
            QatHistory = qatHistory,
            ReportPath = reportPath,
        };
        TwoStageSteps.Write(reportPath, result.WriteJson);
        return result;
    }
}
