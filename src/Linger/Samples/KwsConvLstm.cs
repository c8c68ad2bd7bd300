using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// A recurrent keyword-spotting net: a Conv1d front end over the 40 mel bins as channels, then an LSTM over time and a
/// Linear layer on the last time step. Input <c>[B, 1, 98, 40]</c> (the features of <see cref="KwsDsCnn"/>):
/// squeezed and transposed to <c>[B, 40, 98]</c> (Linger.Nn shape ops, so the exported graph holds them), a
/// 5-tap convolution with stride 4 (98 → 25 steps of 40 ms: fewer LSTM steps keep the C# time loop of training
/// cheap), BatchNorm1d + ReLU, back to <c>[B, 25, width]</c>, a batch-first LSTM of hidden size <c>width</c> (the
/// venus LSTM needs batch 1: the export sample has batch 1, and the runtime runs the test set one clip at a time),
/// the last step (<see cref="Linger.Nn.Select"/>) and a Linear layer. The LSTM field is declared with TorchSharp's
/// LSTM base type so <c>Linger.Constrain</c> and <c>Linger.Init</c> can replace it.
/// </summary>
public sealed class KwsConvLstm : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> squeeze;
    private readonly nn.Module<Tensor, Tensor> toChannels;
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> relu1;
    private readonly nn.Module<Tensor, Tensor> toTime;
    private readonly nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)> lstm;
    private readonly nn.Module<Tensor, Tensor> last;
    private readonly nn.Module<Tensor, Tensor> fc;

    /// <summary>Creates the network with fresh weights (seed with <c>torch.random.manual_seed</c> first).</summary>
    /// <param name="classes">Output logits.</param>
    /// <param name="width">Conv1d channels and LSTM hidden size.</param>
    public KwsConvLstm(int classes, int width = 64) : base(nameof(KwsConvLstm))
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
        lstm = nn.LSTM(width, width, batchFirst: true);
        last = Linger.Nn.Select(1, -1, "last_step");
        fc = nn.Linear(width, classes);
        RegisterComponents();
    }

    /// <summary>Conv1d channels and LSTM hidden size.</summary>
    public int Width { get; }

    /// <summary>Maps features <c>[B, 1, 98, 40]</c> to logits <c>[B, classes]</c>.</summary>
    /// <param name="x">The features.</param>
    public override Tensor forward(Tensor x)
    {
        var h = relu1.call(bn1.call(conv1.call(toChannels.call(squeeze.call(x)))));
        var (output, _, _) = lstm.call(toTime.call(h), null);
        return fc.call(last.call(output));
    }
}
