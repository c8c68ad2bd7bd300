using System.Diagnostics;
using LingerNet.Constraint;
using LingerNet.Data;
using LingerNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// Keyword spotting end to end on a <see cref="KwsDataset"/>: the model from <see cref="KwsModelFactory"/>,
/// <c>Linger.Constrain</c> (stage 1: Conv+BN fused, clamps) and float training with a cosine rate, <c>Linger.Init</c>
/// and QAT at a tenth of the rate, <c>Linger.Export</c> to <c>kws.onnx</c>, the integer runtime over the whole test
/// set (supplied by the caller: the runtime is not a dependency of this library), per-class accuracy, a
/// confusion matrix and <c>report.json</c>. Deterministic for a given seed. Progress goes to the same observer
/// interface as the quickstart.
/// </summary>
public static class KwsPipeline
{
    /// <summary>The report file name in the output directory.</summary>
    public const string ReportFileName = "report.json";

    /// <summary>The exported model's file name in the output directory.</summary>
    public const string OnnxFileName = "kws.onnx";

    /// <summary>The confusion-matrix picture's file name in the output directory.</summary>
    public const string ConfusionFileName = "confusion.png";

    /// <summary>The class list written beside the model (what <c>linger kws-stream</c> reads).</summary>
    public const string ClassesFileName = "classes.txt";

    /// <summary>The largest int8 value at exponent 8 (127/256): the GRU hidden-state bound with linger's formula on venus.</summary>
    public const double GruLingerOutputBound = 127.0 / 256;

    /// <summary>What the report says for the data set when the bundled features were used.</summary>
    public const string BundledDatasetName = "bundled features";

    /// <summary>Runs the pipeline.</summary>
    /// <param name="options">Data, model, epochs, output, seed.</param>
    /// <param name="observer">Progress receiver, or null.</param>
    /// <param name="verify">Runs the exported file in the integer runtime over the test set, or null to skip.</param>
    /// <param name="plotConfusion">Draws the confusion matrix (counts [true, predicted], class names, PNG path), or null.</param>
    /// <returns>Accuracies, timings and file paths.</returns>
    /// <exception cref="LingerException">Bad options, an unknown model, missing or corrupt
    /// data, or an output that cannot be written.</exception>
    public static KwsResult Run(KwsOptions options, IQuickstartObserver? observer = null,
        Func<nn.Module<Tensor, Tensor>, ImageDataset, string, RuntimeCheck>? verify = null,
        Action<int[,], IReadOnlyList<string>, string>? plotConfusion = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        observer ??= TwoStageSteps.Silent;
        var total = Stopwatch.StartNew();

        var (dir, dataset) = TwoStageSteps.FindData(options.DataDirectory, KwsDataset.FindBundled, BundledDatasetName,
            $"the bundled keyword-spotting features ({KwsDataset.BundledFolder}) were not found next to the application or in a parent of the current directory; pass --data DIR (make one with 'linger kws-data --out DIR').");
        using var data = KwsDataset.Load(dir);
        observer.DataLoaded(dataset, data.Train.Count, data.Test.Count);
        var output = TwoStageSteps.CreateOutput(options.OutputDirectory, o => File.WriteAllLines(Path.Combine(o, ClassesFileName), data.ClassNames));

        int threadsBefore = torch.get_num_threads();
        if (options.Threads > 0) torch.set_num_threads(options.Threads);
        try
        {
            return Train(options, observer, verify, plotConfusion, data, dataset, output, total);
        }
        finally
        {
            torch.set_num_threads(threadsBefore);
        }
    }

    private static KwsResult Train(KwsOptions options, IQuickstartObserver observer,
        Func<nn.Module<Tensor, Tensor>, ImageDataset, string, RuntimeCheck>? verify,
        Action<int[,], IReadOnlyList<string>, string>? plotConfusion,
        KwsDataset data, string dataset, string output, Stopwatch total)
    {
        int classes = data.ClassNames.Count;
        torch.random.manual_seed(options.Seed);
        using var model = KwsModelFactory.Create(options.Model, classes, options.Width);
        var sample = data.Test.Slice(0, 1).Images;
        if (options.GruFormula == Numerics.Kernels.GruFormula.Linger)
        {
            // Linger's formula runs at output exponent 8 on venus, so the hidden state saturates at ±(0.5 − 1/256)
            // after Init: train the float stage with the same clamp, or QAT starts from a model whose state needs ±1.
            foreach (var gru in model.modules().OfType<TorchSharp.Modules.GRU>())
                Linger.ConstrainModule(gru, ConstraintBounds.Default.Weight, ConstraintBounds.Default.Bias, GruLingerOutputBound);
        }
        Linger.Constrain(model, sample); // stage 1

        Func<Tensor, Tensor>? augment = options.TimeShiftFrames > 0 ? x => Speech.KwsTimeShift.Apply(x, options.TimeShiftFrames) : null;
        var (floatTrainer, qatTrainer) = TwoStageSteps.Phases(options.LearningRate, options.BatchSize, options.Seed, options.Epochs, options.QatEpochs, augment);
        var (floatHistory, floatSeconds) = TwoStageSteps.Train(model, data.Train, floatTrainer, options.Epochs, "stage 1", observer);
        double floatAccuracy = Trainer.Evaluate(model, data.Test);
        observer.Evaluated("stage 1 float", floatAccuracy);

        Linger.Init(model); // stage 2: the one line
        foreach (var gru in model.modules().OfType<Modules.GRUInt>()) gru.Formula = options.GruFormula;
        var (qatHistory, qatSeconds) = TwoStageSteps.Train(model, data.Train, qatTrainer, options.QatEpochs, "qat", observer);
        var qatPredictions = Predict(model, data.Test);
        var labels = Platform.HostArrays.Of<long>(data.Test.Labels);
        double qatAccuracy = Accuracy(qatPredictions, labels);
        observer.Evaluated("qat", qatAccuracy);
        TwoStageSteps.Write(Path.Combine(output, "qat.model"), path => Linger.SaveCheckpoint(model, path));

        string onnxPath = Path.Combine(output, OnnxFileName);
        var check = TwoStageSteps.ExportAndVerify(model, sample, onnxPath, data.Test, verify, observer);

        var shown = check?.Predictions is { } rp ? rp.ToArray() : qatPredictions;
        var confusion = new int[classes, classes];
        var perClassCount = new int[classes];
        for (int i = 0; i < labels.Length; i++)
        {
            confusion[labels[i], shown[i]]++;
            perClassCount[labels[i]]++;
        }
        string? plotPath = null;
        if (plotConfusion is not null)
        {
            plotPath = Path.Combine(output, ConfusionFileName);
            plotConfusion(confusion, data.ClassNames, plotPath);
        }

        var reportPath = Path.Combine(output, ReportFileName);
        var result = new KwsResult
        {
            FloatAccuracy = floatAccuracy,
            QatAccuracy = qatAccuracy,
            Runtime = check,
            ClassNames = data.ClassNames,
            QatPerClass = PerClass(qatPredictions, labels, classes),
            RuntimePerClass = check?.Predictions is { } p ? PerClass([.. p], labels, classes) : null,
            Confusion = confusion,
            TestPerClass = perClassCount,
            FloatTrainSeconds = floatSeconds,
            QatTrainSeconds = qatSeconds,
            TotalSeconds = total.Elapsed.TotalSeconds,
            Dataset = dataset,
            TrainSamples = data.Train.Count,
            TestSamples = data.Test.Count,
            FloatHistory = floatHistory,
            QatHistory = qatHistory,
            Options = options,
            OnnxPath = onnxPath,
            ConfusionPlotPath = plotPath,
            ReportPath = reportPath,
        };
        TwoStageSteps.Write(reportPath, result.WriteJson);
        return result;
    }

    /// <summary>The class each sample gets from <paramref name="model"/> in eval mode (argmax, first maximum).</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="data">The samples.</param>
    public static int[] Predict(nn.Module<Tensor, Tensor> model, ImageDataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        bool wasTraining = model.training;
        model.eval();
        var result = new int[data.Count];
        try
        {
            using var noGrad = torch.no_grad();
            for (long start = 0; start < data.Count; start += 256)
            {
                using var scope = torch.NewDisposeScope();
                var (x, _) = data.Slice(start, 256);
                var y = Platform.HostArrays.Of<long>(model.call(x).argmax(1L));
                for (int i = 0; i < y.Length; i++) result[start + i] = (int)y[i];
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }
        return result;
    }

    private static double Accuracy(int[] predicted, long[] labels)
    {
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) correct++;
        return labels.Length == 0 ? 0 : (double)correct / labels.Length;
    }

    private static double[] PerClass(int[] predicted, long[] labels, int classes)
    {
        var correct = new int[classes];
        var count = new int[classes];
        for (int i = 0; i < labels.Length; i++)
        {
            count[labels[i]]++;
            if (predicted[i] == labels[i]) correct[labels[i]]++;
        }
        return [.. Enumerable.Range(0, classes).Select(c => count[c] == 0 ? 0 : (double)correct[c] / count[c])];
    }

    private static void Validate(KwsOptions o)
    {
        TwoStageSteps.Validate(o.Epochs, o.QatEpochs, o.BatchSize, o.Width, o.LearningRate, o.OutputDirectory);
        if (o.TimeShiftFrames < 0) throw new LingerException($"--time-shift must be 0 or more frames (got {o.TimeShiftFrames}).");
        if (o.Threads < 0) throw new LingerException($"--threads must be 0 (libtorch's default) or more (got {o.Threads}).");
        // Refuse a model that cannot be built before loading data and training.
        if (!KwsModelFactory.Available.Contains(o.Model.ToLowerInvariant())) KwsModelFactory.Create(o.Model, 2, 1).Dispose();
    }
}
