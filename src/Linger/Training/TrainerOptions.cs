namespace LingerNet.Training;

/// <summary>Settings of a <see cref="Trainer"/>.</summary>
public sealed class TrainerOptions
{
    /// <summary>Adam's learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Samples per training step. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Samples per evaluation batch (no gradients, so it can be large). Default 500.</summary>
    public int EvalBatchSize { get; init; } = 500;

    /// <summary>The seed of the per-epoch shuffles. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// When set, the learning rate follows a cosine from <see cref="LearningRate"/> down to 0 over this
    /// many epochs (stepped per batch), so the last epochs settle instead of ending at a high rate.
    /// Null keeps the rate constant.
    /// </summary>
    public int? CosineEpochs { get; init; }

    /// <summary>
    /// Applied to every training batch before the forward pass (inside the step's dispose scope), e.g. a random
    /// time shift; null trains on the data as it is. Use torch's global generator for randomness so that a seeded
    /// run stays reproducible. Evaluation never augments.
    /// </summary>
    public Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>? Augment { get; init; }
}
