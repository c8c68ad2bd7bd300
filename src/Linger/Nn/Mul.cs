using LingerNet.Numerics;

namespace LingerNet.Nn;

/// <summary>
/// Elementwise product: float until Init, then linger's iqMul (<c>thinker::iqMul</c>, linger-spec §3.18):
/// <c>SAT8(RSH(x·y, q_x + q_y − q_o))</c>. The output exponent never exceeds q_x + q_y (the chip only shifts
/// right; linger instead re-quantizes y finer). Shapes: identical, or x [N, C, H, W] times y [N, C, 1, 1]
/// (a per-channel gate; venus needs N = 1). For a constant factor use <see cref="MulScalar"/>.
/// </summary>
public sealed class Mul : IqBinaryOp
{
    /// <summary>Creates the op.</summary>
    public Mul(string name = "mul") : base(name) { }

    private protected override string OpName => "Mul";

    private protected override TorchSharp.torch.Tensor Float(TorchSharp.torch.Tensor x, TorchSharp.torch.Tensor y) => x * y;

    private protected override int? MaxOutputExponent(Pow2Scale sx, Pow2Scale sy) => sx.Exponent + sy.Exponent;

    private protected override TorchSharp.torch.Tensor Exact(TorchSharp.torch.Tensor xi, Pow2Scale sx, TorchSharp.torch.Tensor yi, Pow2Scale sy, Pow2Scale so)
        => IqOpMath.Sat8(IqOpMath.Rsh(xi * yi, sx.Exponent + sy.Exponent - so.Exponent));

    private protected override void CheckShapes(TorchSharp.torch.Tensor x, TorchSharp.torch.Tensor y)
    {
        bool perChannel = x.dim() == 4 && y.dim() == 4 && y.shape[0] == x.shape[0] && y.shape[1] == x.shape[1] && y.shape[2] == 1 && y.shape[3] == 1;
        if (!x.shape.SequenceEqual(y.shape) && !perChannel)
            throw new LingerException(
                $"Linger.Nn.Mul '{GetName()}': operands {IqOpMath.Shape(x)} and {IqOpMath.Shape(y)}: iqMul takes identical shapes or x [N, C, H, W] with y [N, C, 1, 1] " +
                "(put the per-channel operand second); for a constant factor use Linger.Nn.MulScalar.");
    }
}
