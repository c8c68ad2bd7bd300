using LingerNet.Numerics.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Softmax along a dimension: float until Init, then linger's SoftmaxInt (linger-spec §3.14, exported as
/// <c>thinker::SoftmaxInt</c>): the int8 input is brought to Q25 and run through
/// <see cref="VenusSoftmax"/> (the <c>vec_softmax32x32</c> emulation, Q15 out), then requantized to an int8
/// output at scale_o (typically 2^7). Follows linger; there is no chip measurement of this op.
/// Init puts it in place of <c>nn.Softmax</c>.
/// </summary>
public sealed class Softmax : RowSoftmaxOp
{
    /// <summary>Creates the op along <paramref name="dim"/>.</summary>
    public Softmax(long dim, string name = "softmax") : base(dim, name)
    {
    }

    private protected override string Kind => "Linger.Nn.Softmax";

    private protected override int MaxOutputExponent => VenusSoftmax.OutputExponent;

    private protected override Tensor FloatOp(Tensor x, long dim) => x.softmax(dim);

    private protected override void Kernel(ReadOnlySpan<sbyte> x, int qX, Span<sbyte> y, int qO, int rowLength)
        => VenusSoftmax.Softmax(x, qX, y, qO, rowLength);
}
