using LingerNet.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A recurrent layer whose weights, biases and per-step hidden state are clamped (linger's constraint stage for
/// recurrent layers; <see cref="ConstrainedGRU"/>, <see cref="ConstrainedLSTM"/>): a float C# time loop (TorchSharp's
/// GRU and LSTM are native and cannot clamp their weights inside forward) over the float layer's own parameters (same
/// objects, same keys), with the float layer's call signature.
/// </summary>
/// <typeparam name="TState">The initial state argument of the float layer's call.</typeparam>
/// <typeparam name="TResult">The float layer's result: output sequence and final state(s).</typeparam>
public abstract class ConstrainedRecurrent<TState, TResult> : nn.Module<Tensor, TState, TResult>, IConstrainedModule
{
    private ConstraintBounds _bounds;

    private protected ConstrainedRecurrent(nn.Module floatLayer, string kind, int gates, ConstraintBounds bounds) : base(floatLayer.GetName())
    {
        Core = new RecurrentCore(this, floatLayer, kind, gates, quantized: false);
        _bounds = bounds;
        ApplyClamps();
        train(floatLayer.training);
    }

    /// <inheritdoc />
    public ConstraintBounds Bounds
    {
        get => _bounds;
        set
        {
            _bounds = value;
            ApplyClamps();
        }
    }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <summary>The time loop over the float layer's parameters, with the clamps of <see cref="Bounds"/>.</summary>
    private protected RecurrentCore Core { get; }

    private void ApplyClamps()
    {
        Core.ClampWeight = _bounds.Weight;
        Core.ClampBias = _bounds.Bias;
        Core.ClampOutput = _bounds.Output;
    }
}
