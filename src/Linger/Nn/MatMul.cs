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
public sealed class MatMul : nn.Module<Tensor, Tensor, Tensor>, ILingerOp, IQuantizedOp
{
    private readonly Tensor _runningX = RunningStatistic.NewBuffer();
    private readonly Tensor _runningY = RunningStatistic.NewBuffer();
    private readonly Tensor _runningO = RunningStatistic.NewBuffer();
    private ModuleQuantConfig? _config;

    /// <summary>Creates the op.</summary>
    public MatMul(string name = "matmul") : base(name)
    {
        register_buffer("running_x", _runningX);
        register_buffer("running_y", _runningY);
        register_buffer("running_o", _runningO);
    }

    /// <inheritdoc />
    public bool IsQuantized => _config is not null;

    /// <summary>Running maximum of the output (buffer <c>running_o</c>).</summary>
    public Tensor RunningO => _runningO;

    /// <inheritdoc />
    public void EnableQuant(ModuleQuantConfig config) => _config = config;

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor y)
    {
        if (_config is null) return matmul(x, y);
        return IntegerMatMul.Forward(this, _config, x, y, _runningX, _runningY, _runningO, training, (a, b) => matmul(a, b));
    }
}
