using LingerNet.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// An LSTM whose weights, biases and per-step hidden state are clamped (<see cref="ConstrainedRecurrent{TState, TResult}"/>).
/// Same call signature and field type as the LSTM (<c>Module&lt;Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)&gt;</c>);
/// Init turns it into a <see cref="LSTMInt"/> with the same clamps.
/// </summary>
public sealed class ConstrainedLSTM : ConstrainedRecurrent<(Tensor, Tensor)?, (Tensor, Tensor, Tensor)>
{
    internal ConstrainedLSTM(LSTM lstm, ConstraintBounds bounds) : base(lstm, "LSTM", 4, bounds) => Lstm = lstm;

    /// <summary>The float LSTM whose parameters this module uses.</summary>
    public LSTM Lstm { get; }

    /// <inheritdoc />
    public override (Tensor, Tensor, Tensor) forward(Tensor input, (Tensor, Tensor)? state)
    {
        var (y, h, c) = Core.Forward(input, state?.Item1, state?.Item2, null, training);
        return (y, h, c!);
    }
}
