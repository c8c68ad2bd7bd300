using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// An op of two tensors (<see cref="Add"/>, <see cref="Bmm"/>, <see cref="MatMul"/>, the <see cref="IqBinaryOp"/>s):
/// float until Init, then quantized with one running statistic per operand and one for the output, registered as the
/// buffers <c>running_x</c>, <c>running_y</c> and <c>running_o</c> (the state-dict names every such op shares).
/// </summary>
public abstract class TwoOperandOp : nn.Module<Tensor, Tensor, Tensor>, ILingerOp, IQuantizedOp
{
    private readonly Tensor _runningX = RunningStatistic.NewBuffer();
    private readonly Tensor _runningY = RunningStatistic.NewBuffer();
    private readonly Tensor _runningO = RunningStatistic.NewBuffer();

    private protected TwoOperandOp(string name) : base(name)
    {
        register_buffer("running_x", _runningX);
        register_buffer("running_y", _runningY);
        register_buffer("running_o", _runningO);
    }

    /// <inheritdoc />
    public bool IsQuantized => Config is not null;

    /// <summary>Running maximum of the output's magnitude (buffer <c>running_o</c>).</summary>
    public Tensor RunningO => _runningO;

    /// <inheritdoc />
    public void EnableQuant(ModuleQuantConfig config) => Config = config;

    /// <summary>The bit widths Init gave the op; null while it computes in float.</summary>
    private protected ModuleQuantConfig? Config { get; private set; }

    /// <summary>Running maximum of |x| (buffer <c>running_x</c>).</summary>
    private protected Tensor RunningX => _runningX;

    /// <summary>Running maximum of |y| (buffer <c>running_y</c>).</summary>
    private protected Tensor RunningY => _runningY;
}
