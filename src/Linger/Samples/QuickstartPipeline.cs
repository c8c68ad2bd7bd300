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
        Validate(options);
        observer ??= new NullObserver();
        var total = Stopwatch.StartNew();

        string dataset;
        string dir;
        if (options.DataDirectory is null)
        {
            dir = FashionMnist.FindBundledSubset()
                ?? throw new LingerException($"the bundled Fashion-MNIST subset ({FashionMnist.BundledSubsetFolder}) was not found next to the application or in a parent of the current directory; pass --data DIR.");
            dataset = BundledDatasetName;
        }
        else
        {
            dir = options.DataDirectory;
            dataset = Path.GetFullPath(dir);
        }

        using var data = FashionMnist.Load(dir);
        observer.DataLoaded(dataset, data.Train.Count, data.Test.Count);

        var output = Path.GetFullPath(options.OutputDirectory);
        try
        {
            Directory.CreateDirectory(output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot create the output directory '{options.OutputDirectory}': {e.Message}", e);
        }

        torch.random.manual_seed(options.Seed);
        using var net = new QuickstartNet(options.Width);
        torch.nn.Module<torch.Tensor, torch.Tensor> model = net;

        var sample = data.Test.Slice(0, 1).Images;
        if (!options.SingleStage)
            Linger.Constrain(model, sample); // stage 1: Conv+BN fused, weights and outputs clamped to ±8

        // The float phase anneals its rate (cosine) so it ends converged: QAT then fine-tunes a settled model.
        var floatTrainer = new TrainerOptions { LearningRate = options.LearningRate, BatchSize = options.BatchSize, Seed = options.Seed, CosineEpochs = options.Epochs };
        var (floatHistory, floatSeconds) = Train(model, data.Train, floatTrainer, options.Epochs, options.SingleStage ? "float" : "stage 1", observer);
        double floatAccuracy = Trainer.Evaluate(model, data.Test);
        observer.Evaluated(options.SingleStage ? "float" : "stage 1 float", floatAccuracy);
        Save(model, Path.Combine(output, "float.model"));

        Linger.Init(model); // stage 2: the one line
        var qatTrainer = new TrainerOptions { LearningRate = options.LearningRate / 10, BatchSize = options.BatchSize, Seed = options.Seed + 1, CosineEpochs = options.QatEpochs };
        var (qatHistory, qatSeconds) = Train(model, data.Train, qatTrainer, options.QatEpochs, "qat", observer);
        double qatAccuracy = Trainer.Evaluate(model, data.Test);
        observer.Evaluated("qat", qatAccuracy);
        Save(model, Path.Combine(output, "qat.model"));

        string onnxPath = Path.Combine(output, "quickstart.onnx");
        Linger.Export(model, sample, onnxPath);
        var check = verify?.Invoke(model, data.Test, onnxPath);
        if (check is not null) observer.Evaluated("runtime", check.RuntimeAccuracy);

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
        try
        {
            result.WriteJson(reportPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot write '{reportPath}': {e.Message}", e);
        }
        return result;
    }

    private static (List<EpochSummary> History, double Seconds) Train(
        torch.nn.Module<torch.Tensor, torch.Tensor> model, ImageDataset train, TrainerOptions options, int epochs, string phase, IQuickstartObserver observer)
    {
        var history = new List<EpochSummary>();
        using var trainer = new Trainer(model, options);
        observer.PhaseStarted(phase, epochs, trainer.StepsPerEpoch(train));
        double seconds = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var summary = trainer.TrainEpoch(train, epoch, p => observer.Step(phase, p));
            seconds += summary.Seconds;
            history.Add(summary);
            observer.EpochFinished(phase, summary);
        }
        return (history, seconds);
    }

    private static void Save(torch.nn.Module<torch.Tensor, torch.Tensor> model, string path)
    {
        try
        {
            model.save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot write '{path}': {e.Message}", e);
        }
    }

    private static void Validate(QuickstartOptions o)
    {
        if (o.Epochs < 1) throw new LingerException($"--epochs must be at least 1 (got {o.Epochs}).");
        if (o.QatEpochs < 0) throw new LingerException($"--qat-epochs must be 0 or more (got {o.QatEpochs}).");
        if (o.BatchSize < 1) throw new LingerException($"--batch-size must be at least 1 (got {o.BatchSize}).");
        if (o.QatEpochs == 0) throw new LingerException("--qat-epochs must be at least 1: quantization statistics come from QAT training batches.");
        if (o.Width < 1) throw new LingerException($"--width must be at least 1 (got {o.Width}).");
        if (!(o.LearningRate > 0) || double.IsInfinity(o.LearningRate)) throw new LingerException($"--lr must be a positive number (got {o.LearningRate}).");
        if (string.IsNullOrWhiteSpace(o.OutputDirectory)) throw new LingerException("--out must name a directory.");
    }

    private sealed class NullObserver : IQuickstartObserver { }
}
