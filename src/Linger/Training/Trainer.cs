using System.Diagnostics;
using LingerNet.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Training;

/// <summary>
/// A minimal classification trainer: Adam, cross-entropy on logits, one dispose scope per step (so
/// native memory stays flat), deterministic batch order from <see cref="TrainerOptions.Seed"/>. The
/// optimizer is created over the model's parameters at construction: after module surgery
/// (<c>Linger.Init</c>) create a new trainer.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly optim.Optimizer _optimizer;
    private optim.lr_scheduler.LRScheduler? _schedule;

    /// <summary>Creates a trainer for <paramref name="model"/>.</summary>
    /// <param name="model">A module mapping <c>[B, ...]</c> inputs to <c>[B, classes]</c> logits.</param>
    /// <param name="options">Learning rate, batch size and seed.</param>
    public Trainer(nn.Module<Tensor, Tensor> model, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        Options = options;
        _optimizer = optim.Adam(model.parameters(), lr: options.LearningRate);
    }

    /// <summary>The settings.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The number of steps <see cref="TrainEpoch"/> takes on <paramref name="data"/>.</summary>
    /// <param name="data">The training set.</param>
    public int StepsPerEpoch(ImageDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new MinibatchSampler(data.Count, Options.BatchSize, shuffle: true, Options.Seed).BatchesPerEpoch;
    }

    /// <summary>Trains one epoch in train mode over a shuffled pass of <paramref name="data"/>.</summary>
    /// <param name="data">The training set.</param>
    /// <param name="epoch">The epoch number (selects the shuffle).</param>
    /// <param name="progress">Called after every step, on the calling thread.</param>
    /// <returns>Mean loss, running accuracy and time of the epoch.</returns>
    public EpochSummary TrainEpoch(ImageDataset data, int epoch, Action<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sampler = new MinibatchSampler(data.Count, Options.BatchSize, shuffle: true, Options.Seed);
        int steps = sampler.BatchesPerEpoch;
        var clock = Stopwatch.StartNew();
        _model.train();
        double lossSum = 0;
        long correct = 0, seen = 0;
        int step = 0;
        foreach (var indices in sampler.Epoch(epoch))
        {
            using var scope = torch.NewDisposeScope();
            var (x, y) = data.Batch(indices);
            if (Options.Augment is { } augment) x = augment(x);
            _optimizer.zero_grad();
            var logits = _model.call(x);
            var loss = nn.functional.cross_entropy(logits, y);
            loss.backward();
            _optimizer.step();
            if (Options.CosineEpochs is int cosine)
            {
                _schedule ??= optim.lr_scheduler.CosineAnnealingLR(_optimizer, Math.Max(1, cosine * steps), 0.0);
                _schedule.step();
            }
            double l = loss.item<float>();
            using (torch.no_grad())
            {
                correct += logits.argmax(1L).eq(y).sum().item<long>();
            }
            seen += indices.Length;
            lossSum += l;
            step++;
            progress?.Invoke(new TrainingProgress(epoch, step, steps, l));
        }
        return new EpochSummary(epoch, step == 0 ? 0 : lossSum / step, seen == 0 ? 0 : (double)correct / seen, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The fraction of <paramref name="data"/> that <paramref name="model"/> classifies right in
    /// eval mode, without gradients. The model's train/eval mode is restored afterwards.</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="data">The evaluation set.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <returns>Accuracy in [0, 1] (0 for an empty set).</returns>
    public static double Evaluate(nn.Module<Tensor, Tensor> model, ImageDataset data, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        bool wasTraining = model.training;
        model.eval();
        long correct = 0;
        try
        {
            using var noGrad = torch.no_grad();
            for (long start = 0; start < data.Count; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                var (x, y) = data.Slice(start, batchSize);
                correct += model.call(x).argmax(1L).eq(y).sum().item<long>();
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }
        return data.Count == 0 ? 0 : (double)correct / data.Count;
    }

    /// <summary>Frees the optimizer's state.</summary>
    public void Dispose() => _optimizer.Dispose();
}
