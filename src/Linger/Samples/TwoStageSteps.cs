using LingerNet.Data;
using LingerNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// The steps <see cref="QuickstartPipeline"/> and <see cref="KwsPipeline"/> share: option checks, finding the data,
/// the output folder, a training phase with progress, the float → QAT learning-rate rule, export + runtime check,
/// and file writes whose I/O failures become <see cref="LingerException"/>s that name the file.
/// </summary>
internal static class TwoStageSteps
{
    /// <summary>An observer that shows nothing.</summary>
    public static IQuickstartObserver Silent { get; } = new NullObserver();

    /// <summary>Refuses the settings both pipelines have when out of range, naming the command-line option.</summary>
    public static void Validate(int epochs, int qatEpochs, int batchSize, int width, double learningRate, string outputDirectory)
    {
        if (epochs < 1) throw new LingerException($"--epochs must be at least 1 (got {epochs}).");
        if (qatEpochs < 1) throw new LingerException($"--qat-epochs must be at least 1 (got {qatEpochs}): quantization statistics come from QAT training batches.");
        if (batchSize < 1) throw new LingerException($"--batch-size must be at least 1 (got {batchSize}).");
        if (width < 1) throw new LingerException($"--width must be at least 1 (got {width}).");
        if (!(learningRate > 0) || double.IsInfinity(learningRate)) throw new LingerException($"--lr must be a positive number (got {learningRate}).");
        if (string.IsNullOrWhiteSpace(outputDirectory)) throw new LingerException("--out must name a directory.");
    }

    /// <summary>The data folder and what the report calls it: the given folder (its full path), or the bundled one.</summary>
    /// <param name="dataDirectory">The folder given, or null for the bundled data.</param>
    /// <param name="findBundled">Finds the bundled folder, or returns null.</param>
    /// <param name="bundledName">The report's name for the bundled data.</param>
    /// <param name="notFound">The error when the bundled folder is missing.</param>
    public static (string Directory, string Dataset) FindData(string? dataDirectory, Func<string?> findBundled, string bundledName, string notFound)
        => dataDirectory is null
            ? (findBundled() ?? throw new LingerException(notFound), bundledName)
            : (dataDirectory, Path.GetFullPath(dataDirectory));

    /// <summary>Creates the output folder (and runs <paramref name="writeFirst"/> in it); returns its full path.</summary>
    public static string CreateOutput(string outputDirectory, Action<string>? writeFirst = null)
    {
        var output = Path.GetFullPath(outputDirectory);
        try
        {
            Directory.CreateDirectory(output);
            writeFirst?.Invoke(output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot write to the output directory '{outputDirectory}': {e.Message}", e);
        }
        return output;
    }

    /// <summary>
    /// The trainer settings of the two phases: float at <paramref name="learningRate"/> with a cosine decay over its
    /// epochs (so it ends converged), QAT at a tenth of the rate with the next seed, fine-tuning the settled model.
    /// </summary>
    public static (TrainerOptions Float, TrainerOptions Qat) Phases(double learningRate, int batchSize, int seed, int epochs, int qatEpochs,
        Func<Tensor, Tensor>? augment = null)
        => (new TrainerOptions { LearningRate = learningRate, BatchSize = batchSize, Seed = seed, CosineEpochs = epochs, Augment = augment },
            new TrainerOptions { LearningRate = learningRate / 10, BatchSize = batchSize, Seed = seed + 1, CosineEpochs = qatEpochs, Augment = augment });

    /// <summary>Trains <paramref name="epochs"/> epochs, reporting to <paramref name="observer"/> as <paramref name="phase"/>.</summary>
    /// <returns>The epochs' summaries and the seconds spent in training steps.</returns>
    public static (List<EpochSummary> History, double Seconds) Train(
        nn.Module<Tensor, Tensor> model, ImageDataset train, TrainerOptions options, int epochs, string phase, IQuickstartObserver observer)
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

    /// <summary>Exports the model to <paramref name="onnxPath"/> and runs <paramref name="verify"/> on it, when given.</summary>
    public static RuntimeCheck? ExportAndVerify(nn.Module<Tensor, Tensor> model, Tensor sample, string onnxPath, ImageDataset test,
        Func<nn.Module<Tensor, Tensor>, ImageDataset, string, RuntimeCheck>? verify, IQuickstartObserver observer)
    {
        Linger.Export(model, sample, onnxPath);
        var check = verify?.Invoke(model, test, onnxPath);
        if (check is not null) observer.Evaluated("runtime", check.RuntimeAccuracy);
        return check;
    }

    /// <summary>Runs <paramref name="write"/> on <paramref name="path"/>; an I/O failure names the file.</summary>
    public static void Write(string path, Action<string> write)
    {
        try
        {
            write(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot write '{path}': {e.Message}", e);
        }
    }

    private sealed class NullObserver : IQuickstartObserver { }
}
