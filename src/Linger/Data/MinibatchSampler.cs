namespace LingerNet.Data;

/// <summary>
/// Splits sample indices <c>0..count-1</c> into minibatches, optionally shuffled. The order of an epoch
/// depends only on the seed and the epoch number (Fisher–Yates with <see cref="Random"/> seeded from
/// both), so a training run is reproducible and epochs can be replayed in any order.
/// </summary>
public sealed class MinibatchSampler
{
    /// <summary>Creates a sampler.</summary>
    /// <param name="count">The number of samples.</param>
    /// <param name="batchSize">Samples per batch (the last batch may be smaller unless <paramref name="dropLast"/>).</param>
    /// <param name="shuffle">Shuffle each epoch; when false the order is 0, 1, 2, ...</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <param name="dropLast">Drop a final incomplete batch.</param>
    public MinibatchSampler(int count, int batchSize, bool shuffle, int seed, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Count = count;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch is shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>The seed of the shuffles.</summary>
    public int Seed { get; }

    /// <summary>Whether a final incomplete batch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>The number of batches one epoch yields.</summary>
    public int BatchesPerEpoch => DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;

    /// <summary>The batches of one epoch, as arrays of sample indices.</summary>
    /// <param name="epoch">The epoch number (part of the shuffle seed).</param>
    public IEnumerable<long[]> Epoch(int epoch)
    {
        var order = new long[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (Shuffle)
        {
            var rng = new Random(unchecked(Seed * 1_000_003 + epoch));
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        for (int b = 0; b < BatchesPerEpoch; b++)
        {
            int start = b * BatchSize;
            int len = Math.Min(BatchSize, Count - start);
            yield return order.AsSpan(start, len).ToArray();
        }
    }
}
