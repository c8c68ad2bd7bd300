using LingerNet.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A GRU whose weights, biases and per-step hidden state are clamped (linger's constraint stage for recurrent
/// layers): a float C# time loop (TorchSharp's GRU is native and cannot clamp its weights inside forward) over the
/// float <see cref="GRU"/>'s own parameters (same objects, same keys). Same call signature and field type as the GRU
/// (<c>Module&lt;Tensor, Tensor?, (Tensor, Tensor)&gt;</c>); Init turns it into a <see cref="GRUInt"/> with the same clamps.
/// </summary>
public sealed class ConstrainedGRU : nn.Module<Tensor, Tensor?, (Tensor, Tensor)>, IConstrainedModule
{
    private readonly RecurrentCore _core;
    private ConstraintBounds _bounds;

    internal ConstrainedGRU(GRU gru, ConstraintBounds bounds) : base(gru.GetName())
    {
        Gru = gru;
        _core = new RecurrentCore(this, gru, "GRU", 3, quantized: false);
        _bounds = bounds;
        Apply(bounds);
        train(gru.training);
    }

    /// <summary>The float GRU whose parameters this module uses.</summary>
    public GRU Gru { get; }

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
    public override (Tensor, Tensor) forward(Tensor input, Tensor? h0)
    {
        var (y, h, _) = _core.Forward(input, h0, null, null, training);
        return (y, h);
    }
}
