using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Log-softmax along a dimension: float until Init, then linger's LogSoftmaxInt (linger-spec §3.15,
/// exported as <c>thinker::LogSoftmaxInt</c>): Q25 in, <c>round(2^25·log_softmax)</c> (Numerics
/// <see cref="Numerics.Kernels.LogSoftmaxInt"/>), int8 out at scale_o. This is linger's formula: the chip's
/// routine is not available as an exact algorithm and the op is not chip-verified.
/// Init puts it in place of <c>nn.LogSoftmax</c>.
/// </summary>
public sealed class LogSoftmax : RowSoftmaxOp
{
    /// <summary>Creates the op along <paramref name="dim"/>.</summary>
    public LogSoftmax(long dim, string name = "log_softmax") : base(dim, name)
    {
    }

    private protected override string Kind => "Linger.Nn.LogSoftmax";

    private protected override int MaxOutputExponent => Numerics.Kernels.LogSoftmaxInt.CoreExponent;

    private protected override Tensor FloatOp(Tensor x, long dim) => x.log_softmax(dim);

    private protected override void Kernel(ReadOnlySpan<sbyte> x, int qX, Span<sbyte> y, int qO, int rowLength)
        => Numerics.Kernels.LogSoftmaxInt.LogSoftmax(x, qX, y, qO, rowLength);
}
