namespace LingerNet.Training;

/// <summary>The outcome of one training epoch.</summary>
/// <param name="Epoch">The epoch number, from 0.</param>
/// <param name="MeanLoss">The mean training loss over the epoch's batches.</param>
/// <param name="TrainAccuracy">The fraction of training samples classified right during the epoch (in train mode, as the weights changed).</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record EpochSummary(int Epoch, double MeanLoss, double TrainAccuracy, double Seconds);
