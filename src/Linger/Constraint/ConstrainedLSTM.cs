using LingerNet.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// An LSTM whose weights, biases and per-step hidden state are clamped (linger's constraint stage for recurrent
/// layers): a float C# time loop (TorchSharp's LSTM is native and cannot clamp its weights inside forward) over the
/// float <see cref="LSTM"/>'s own parameters (same objects, same keys). Same call signature and field type as the LSTM
/// (<c>Module&lt;Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)&gt;</c>); Init turns it into a <see cref="LSTMInt"/> with the same clamps.
/// </summary>
public sealed class ConstrainedLSTM : nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>, IConstrainedModule
{
    private readonly RecurrentCore _core;
    private ConstraintBounds _bounds;

    internal ConstrainedLSTM(LSTM lstm, ConstraintBounds bounds) : base(lstm.GetName())
    {
        Lstm = lstm;
        _core = new RecurrentCore(this, lstm, "LSTM", 4, quantized: false);
        _bounds = bounds;
        Apply(bounds);
        train(lstm.training);
    }

    /// <summary>The float LSTM whose parameters this module uses.</summary>
    public LSTM Lstm { get; }

    /// <inheritdoc />
    public ConstraintBounds Bounds
    {
        get => _bounds;
        set
        {
            _bounds = value;
            Apply(value);
        }
    }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    private void Apply(ConstraintBounds b)
    {
        _core.ClampWeight = b.Weight;
        _core.ClampBias = b.Bias;
        _core.ClampOutput = b.Output;
    }

    /// <inheritdoc />
    public override (Tensor, Tensor, Tensor) forward(Tensor input, (Tensor, Tensor)? state)
    {
        var (y, h, c) = _core.Forward(input, state?.Item1, state?.Item2, null, training);
        return (y, h, c!);
    }
}
