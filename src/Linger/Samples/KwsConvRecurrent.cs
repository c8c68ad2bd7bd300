using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// The recurrent keyword-spotting nets' shared body: a Conv1d front end over the 40 mel bins as channels, a recurrent
/// layer over time (<see cref="KwsConvGru"/>, <see cref="KwsConvLstm"/>) and a Linear layer on the last time step.
/// Input <c>[B, 1, 98, 40]</c> (the features of <see cref="KwsDsCnn"/>): squeezed and transposed to <c>[B, 40, 98]</c>
/// (Linger.Nn shape ops, so the exported graph holds them), a 5-tap convolution with stride 4 (98 → 25 steps of
/// 40 ms: fewer recurrent steps keep the C# time loop of training cheap), BatchNorm1d + ReLU, back to
/// <c>[B, 25, width]</c>, a batch-first recurrent layer of hidden size <c>width</c>, the last step
/// (<see cref="Linger.Nn.Select"/>) and a Linear layer. The recurrent field is declared with TorchSharp's module base
/// type so <c>Linger.Constrain</c> and <c>Linger.Init</c> can replace it.
/// </summary>
/// <typeparam name="TRecurrent">The recurrent layer's module type.</typeparam>
public abstract class KwsConvRecurrent<TRecurrent> : nn.Module<Tensor, Tensor> where TRecurrent : nn.Module
{
    // The children are registered under these field names (the state-dict keys of every checkpoint) in this order.
    private readonly nn.Module<Tensor, Tensor> squeeze;
    private readonly nn.Module<Tensor, Tensor> toChannels;
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> relu1;
    private readonly nn.Module<Tensor, Tensor> toTime;
    private readonly TRecurrent recurrent;
    private readonly nn.Module<Tensor, Tensor> last;
    private readonly nn.Module<Tensor, Tensor> fc;

    /// <summary>Builds the layers in forward order (which fixes what a seed gives each of them).</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="classes">Output logits.</param>
    /// <param name="width">Conv1d channels and the recurrent layer's hidden size.</param>
    /// <param name="recurrentName">The recurrent layer's state-dict name.</param>
    /// <param name="createRecurrent">Makes the recurrent layer for a width.</param>
    private protected KwsConvRecurrent(string name, int classes, int width, string recurrentName, Func<int, TRecurrent> createRecurrent) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Width = width;
        register_module(nameof(squeeze), squeeze = Linger.Nn.Squeeze(1));
        register_module(nameof(toChannels), toChannels = Linger.Nn.Transpose(1, 2, "to_channels"));
        register_module(nameof(conv1), conv1 = nn.Conv1d(KwsDsCnn.InputMelBins, width, 5, stride: 4, padding: 2, bias: false));
        register_module(nameof(bn1), bn1 = nn.BatchNorm1d(width));
        register_module(nameof(relu1), relu1 = nn.ReLU());
        register_module(nameof(toTime), toTime = Linger.Nn.Transpose(1, 2, "to_time"));
        register_module(recurrentName, recurrent = createRecurrent(width));
        register_module(nameof(last), last = Linger.Nn.Select(1, -1, "last_step"));
        register_module(nameof(fc), fc = nn.Linear(width, classes));
    }

    /// <summary>Conv1d channels and the recurrent layer's hidden size.</summary>
    public int Width { get; }

    /// <summary>Maps features <c>[B, 1, 98, 40]</c> to logits <c>[B, classes]</c>.</summary>
    /// <param name="x">The features.</param>
    public override Tensor forward(Tensor x)
    {
        var h = relu1.call(bn1.call(conv1.call(toChannels.call(squeeze.call(x)))));
        return fc.call(last.call(Recur(recurrent, toTime.call(h))));
    }

    /// <summary>The recurrent layer's output sequence <c>[B, T, width]</c> for <paramref name="sequence"/>, from zero state.</summary>
    private protected abstract Tensor Recur(TRecurrent layer, Tensor sequence);
}
