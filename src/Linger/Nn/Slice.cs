using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// <c>x[..., start:end:step, ...]</c> along one dim (also <c>narrow(dim, start, length)</c>, see
/// <see cref="Linger.Nn.Narrow"/>): exported as a standard Slice with constant starts, ends, axes, steps.
/// </summary>
public sealed class Slice : ShapeOp
{
    /// <summary>Creates the op (end exclusive; negative start/end count from the end).</summary>
    public Slice(long dim, long start, long end, long step = 1, string name = "slice") : base(name)
    {
        if (step < 1) throw new LingerException($"Linger.Nn.Slice '{name}': step {step} must be ≥ 1.");
        Dim = dim;
        Start = start;
        End = end;
        Step = step;
    }

    /// <summary>The sliced dim.</summary>
    public long Dim { get; }

    /// <summary>First index.</summary>
    public long Start { get; }

    /// <summary>End index (exclusive).</summary>
    public long End { get; }

    /// <summary>Step ≥ 1.</summary>
    public long Step { get; }

    private protected override Tensor Apply(Tensor x)
    {
        long n = x.shape[Normalize(Dim, x.dim())];
        long s = Math.Clamp(Start < 0 ? Start + n : Start, 0, n), e = Math.Clamp(End < 0 ? End + n : End, 0, n);
        return x.slice(Dim, s, Math.Max(s, e), Step);
    }

    internal override Export.Handlers.MovementNode Describe(Tensor input, Tensor output) => new(OpTypes.Slice, new(),
    [
        Export.CapturedInitializers.Int64("starts", [Start]),
        Export.CapturedInitializers.Int64("ends", [End]),
        Export.CapturedInitializers.Int64("axes", [Normalize(Dim, input.dim())]),
        Export.CapturedInitializers.Int64("steps", [Step]),
    ]);
}
