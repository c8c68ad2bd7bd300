namespace LingerNet.Checkpoints;

/// <summary>What <see cref="LingerNet.Linger.LoadCheckpoint"/> did.</summary>
/// <param name="Loaded">Keys copied from the file into the model.</param>
/// <param name="StatisticsKept">Quantization statistics the file did not have (left as they were; a never-trained one starts from the next batch).</param>
public sealed record CheckpointLoadReport(IReadOnlyList<string> Loaded, IReadOnlyList<string> StatisticsKept);
