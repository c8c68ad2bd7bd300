using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Matrix product <c>torch.matmul</c> of tensors with at least 2 dims (batch dims broadcast): float until Init, then
/// linger's BmmInt arithmetic on every batch, z = SAT8(RSH(Σ x·y, q_x + q_y − q_o)), computed by the same kernel as
/// the runtime. Export writes a <c>thinker::BmmInt</c> node when the product is one the chip runs, [M, K]·[K, N] or
/// [B, M, K]·[B, K, N]; any other shape (4-D, broadcast batches) is refused at export, naming this module.
/// </summary>
public sealed class MatMul : TwoOperandOp
{
    /// <summary>Creates the op.</summary>
    public MatMul(string name = "matmul") : base(name) { }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor y)
    {
        if (Config is null) return matmul(x, y);
        return IntegerMatMul.Forward(this, Config, x, y, RunningX, RunningY, RunningO, training, (a, b) => matmul(a, b));
    }
}
