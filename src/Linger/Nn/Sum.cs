using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Sum over dims: float until Init, then iqSum (<c>thinker::iqSum</c>, linger-spec §3.20): the exact integer sum
/// at Q(q_x), rescaled to Q(q_o) (rounding right shift, or exact left shift) and saturated; q_o from the running
/// maximum of |sum|. The venus chip computes iqSum wrongly (only the first row), so export for venus refuses it:
/// a sum over H·W is AvgPool2d with a power-of-two window area followed by <see cref="MulScalar"/>(H·W).
/// </summary>
public sealed class Sum : IqUnaryOp
{
    /// <summary>Creates the op summing over <paramref name="dims"/>.</summary>
    public Sum(long[] dims, bool keepDim = false, string name = "sum") : base(name)
    {
        if (dims.Length == 0) throw new LingerException($"Linger.Nn.Sum '{name}': give at least one dim.");
        Dims = dims;
        KeepDim = keepDim;
    }

    /// <summary>The reduced dims.</summary>
    public long[] Dims { get; }

    /// <summary>Whether the reduced dims stay as size 1.</summary>
    public bool KeepDim { get; }

    private protected override Tensor Float(Tensor x) => x.sum(Dims, KeepDim);

    private protected override Tensor Exact(Tensor xi, Pow2Scale sx, Pow2Scale so) => IqOpMath.Rescale(xi.sum(Dims, KeepDim), sx.Exponent, so.Exponent);
}
