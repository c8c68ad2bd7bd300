using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Batched matrix product <c>torch.bmm</c> of two 3-D tensors [B, M, K]·[B, K, N]: float until Init, then linger's BmmInt
/// (exported as <c>thinker::BmmInt</c>): both operands int8, z = SAT8(RSH(Σ x·y, q_x + q_y − q_o)) per batch,
/// computed by the same kernel as the runtime. Only int8 output (chip-facts: the chip writes nothing for 16/32 bits).
/// </summary>
public sealed class Bmm : TwoOperandOp
{
    /// <summary>Creates the op.</summary>
    public Bmm(string name = "bmm") : base(name) { }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor y)
    {
        if (Config is not null && (x.dim() != 3 || y.dim() != 3))
            throw new LingerException($"Linger.Nn.Bmm '{GetName()}': torch.bmm takes two 3-D tensors [B, M, K]·[B, K, N], got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}]; use Linger.Nn.MatMul for other ranks.");
        if (Config is null) return bmm(x, y);
        return IntegerMatMul.Forward(this, Config, x, y, RunningX, RunningY, RunningO, training, (a, b) => bmm(a, b));
    }
}
