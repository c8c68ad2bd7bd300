using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// A recurrent keyword-spotting net: a Conv1d front end over the 40 mel bins as channels, then a GRU over time and a
/// Linear layer on the last time step. Input <c>[B, 1, 98, 40]</c> (the features of <see cref="KwsDsCnn"/>):
/// squeezed and transposed to <c>[B, 40, 98]</c> (Linger.Nn shape ops, so the exported graph holds them), a
/// 5-tap convolution with stride 4 (98 → 25 steps of 40 ms: fewer GRU steps keep the C# time loop of training
/// cheap), BatchNorm1d + ReLU, back to <c>[B, 25, width]</c>, a batch-first GRU of hidden size <c>width</c> (venus
/// runs batch-first GRUs at any batch; the export sample has batch 1 anyway), the last step
/// (<see cref="Linger.Nn.Select"/>) and a Linear layer. The GRU field is declared with TorchSharp's GRU base type
/// so <c>Linger.Constrain</c> and <c>Linger.Init</c> can replace it.
/// </summary>
public sealed class KwsConvGru : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> squeeze;
    private readonly nn.Module<Tensor, Tensor> toChannels;
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> relu1;
    private readonly nn.Module<Tensor, Tensor> toTime;
    private readonly nn.Module<Tensor, Tensor?, (Tensor, Tensor)> gru;
    private readonly nn.Module<Tensor, Tensor> last;
    private readonly nn.Module<Tensor, Tensor> fc;

    /// <summary>Creates the network with fresh weights (seed with <c>torch.random.manual_seed</c> first).</summary>
    /// <param name="classes">Output logits.</param>
    /// <param name="width">Conv1d channels and GRU hidden size.</param>
    public KwsConvGru(int classes, int width = 64) : base(nameof(KwsConvGru))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Width = width;
        squeeze = Linger.Nn.Squeeze(1);
        toChannels = Linger.Nn.Transpose(1, 2, "to_channels");
        conv1 = nn.Conv1d(KwsDsCnn.InputMelBins, width, 5, stride: 4, padding: 2, bias: false);
        bn1 = nn.BatchNorm1d(width);
        relu1 = nn.ReLU();
        toTime = Linger.Nn.Transpose(1, 2, "to_time");
        gru = nn.GRU(width, width, batchFirst: true);
        last = Linger.Nn.Select(1, -1, "last_step");
        fc = nn.Linear(width, classes);
        RegisterComponents();
    }

    /// <summary>Conv1d channels and GRU hidden size.</summary>
    public int Width { get; }

    /// <summary>Maps features <c>[B, 1, 98, 40]</c> to logits <c>[B, classes]</c>.</summary>
    /// <param name="x">The features.</param>
    public override Tensor forward(Tensor x)
    {
        var h = relu1.call(bn1.call(conv1.call(toChannels.call(squeeze.call(x)))));
        var (output, _) = gru.call(toTime.call(h), null);
        return fc.call(last.call(output));
    }
}
