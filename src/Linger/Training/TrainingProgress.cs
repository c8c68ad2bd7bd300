namespace LingerNet.Training;

/// <summary>Reported by <see cref="Trainer.TrainEpoch"/> after every step.</summary>
/// <param name="Epoch">The epoch number, from 0.</param>
/// <param name="Step">The step just finished, from 1.</param>
/// <param name="Steps">The steps of the epoch.</param>
/// <param name="Loss">The loss of this step's batch.</param>
public readonly record struct TrainingProgress(int Epoch, int Step, int Steps, double Loss);
