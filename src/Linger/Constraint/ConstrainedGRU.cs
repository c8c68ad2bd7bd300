using LingerNet.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A GRU whose weights, biases and per-step hidden state are clamped (<see cref="ConstrainedRecurrent{TState, TResult}"/>).
/// Same call signature and field type as the GRU (<c>Module&lt;Tensor, Tensor?, (Tensor, Tensor)&gt;</c>); Init turns it
/// into a <see cref="GRUInt"/> with the same clamps.
/// </summary>
public sealed class ConstrainedGRU : ConstrainedRecurrent<Tensor?, (Tensor, Tensor)>
{
    internal ConstrainedGRU(GRU gru, ConstraintBounds bounds) : base(gru, "GRU", 3, bounds) => Gru = gru;

    /// <summary>The float GRU whose parameters this module uses.</summary>
    public GRU Gru { get; }

    /// <inheritdoc />
    public override (Tensor, Tensor) forward(Tensor input, Tensor? h0)
    {
        var (y, h, _) = Core.Forward(input, h0, null, null, training);
        return (y, h);
    }
}
