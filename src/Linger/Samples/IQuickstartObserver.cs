using LingerNet.Training;

namespace LingerNet.Samples;

/// <summary>Receives the progress of <see cref="QuickstartPipeline.Run"/>, on the calling thread.
/// Every method has an empty default, so an observer implements only what it shows.</summary>
public interface IQuickstartObserver
{
    /// <summary>The data set is loaded.</summary>
    /// <param name="dataset">"bundled subset" or the directory.</param>
    /// <param name="trainSamples">Training samples.</param>
    /// <param name="testSamples">Test samples.</param>
    void DataLoaded(string dataset, int trainSamples, int testSamples) { }

    /// <summary>A training phase starts.</summary>
    /// <param name="phase">"float" or "qat".</param>
    /// <param name="epochs">Epochs of the phase.</param>
    /// <param name="stepsPerEpoch">Steps of each epoch.</param>
    void PhaseStarted(string phase, int epochs, int stepsPerEpoch) { }

    /// <summary>A training step finished.</summary>
    /// <param name="phase">"float" or "qat".</param>
    /// <param name="progress">Epoch, step and loss.</param>
    void Step(string phase, TrainingProgress progress) { }

    /// <summary>An epoch finished.</summary>
    /// <param name="phase">"float" or "qat".</param>
    /// <param name="summary">Loss, accuracy and time of the epoch.</param>
    void EpochFinished(string phase, EpochSummary summary) { }

    /// <summary>The model was evaluated on the test split.</summary>
    /// <param name="phase">"float" or "qat".</param>
    /// <param name="accuracy">Test accuracy in [0, 1].</param>
    void Evaluated(string phase, double accuracy) { }
}
