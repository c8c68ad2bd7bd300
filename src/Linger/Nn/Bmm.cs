using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Batched matrix product <c>torch.bmm</c> of two 3-D tensors [B, M, K]·[B, K, N]: float until Init, then linger's BmmInt
/// (exported as <c>thinker::BmmInt</c>): both operands int8, z = SAT8(RSH(Σ x·y, q_x + q_y − q_o)) per batch,
/// computed by the same kernel as the runtime. Only int8 output (chip-facts: the chip writes nothing for 16/32 bits).
/// </summary>
public sealed class Bmm : nn.Module<Tensor, Tensor, Tensor>, ILingerOp, IQuantizedOp
{
    private readonly Tensor _runningX = RunningStatistic.NewBuffer();
    private readonly Tensor _runningY = RunningStatistic.NewBuffer();
    private readonly Tensor _runningO = RunningStatistic.NewBuffer();
    private ModuleQuantConfig? _config;

    /// <summary>Creates the op.</summary>
    public Bmm(string name = "bmm") : base(name)
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
        if (_config is not null && (x.dim() != 3 || y.dim() != 3))
            throw new LingerException($"Linger.Nn.Bmm '{GetName()}': torch.bmm takes two 3-D tensors [B, M, K]·[B, K, N], got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}]; use Linger.Nn.MatMul for other ranks.");
        if (_config is null) return bmm(x, y);
        return IntegerMatMul.Forward(this, _config, x, y, _runningX, _runningY, _runningO, training, (a, b) => bmm(a, b));
    }
}
