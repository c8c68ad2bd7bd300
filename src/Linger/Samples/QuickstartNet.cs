using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// The quickstart classifier for 1×28×28 images: Conv-BN-ReLU-MaxPool (28→14), Conv-BN-ReLU, a
/// residual Conv-BN whose output is added to its input, ReLU, MaxPool (14→7), Flatten, Linear.
/// Every layer field is declared as <c>Module&lt;Tensor, Tensor&gt;</c> (and the add as
/// <c>Module&lt;Tensor, Tensor, Tensor&gt;</c>) so that <c>Linger.Init</c> can replace it with its
/// quantized counterpart: TorchSharp's <c>Conv2d</c> etc. are sealed.
/// </summary>
public sealed class QuickstartNet : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> relu1;
    private readonly nn.Module<Tensor, Tensor> pool1;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly nn.Module<Tensor, Tensor> bn2;
    private readonly nn.Module<Tensor, Tensor> relu2;
    private readonly nn.Module<Tensor, Tensor> conv3;
    private readonly nn.Module<Tensor, Tensor> bn3;
    private readonly nn.Module<Tensor, Tensor, Tensor> add;
    private readonly nn.Module<Tensor, Tensor> relu3;
    private readonly nn.Module<Tensor, Tensor> pool2;
    private readonly nn.Module<Tensor, Tensor> flatten;
    private readonly nn.Module<Tensor, Tensor> fc;

    /// <summary>Creates the network with freshly initialised weights (seed with <c>torch.random.manual_seed</c> first).</summary>
    /// <param name="width">Channels of the first block; the second block has twice as many.</param>
    /// <param name="classes">The number of output logits.</param>
    public QuickstartNet(int width = 16, int classes = 10) : base(nameof(QuickstartNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Width = width;
        int w2 = 2 * width;
        conv1 = nn.Conv2d(1, width, 3, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(width);
        relu1 = nn.ReLU();
        pool1 = nn.MaxPool2d(2);
        conv2 = nn.Conv2d(width, w2, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(w2);
        relu2 = nn.ReLU();
        conv3 = nn.Conv2d(w2, w2, 3, padding: 1, bias: false);
        bn3 = nn.BatchNorm2d(w2);
        add = Linger.Nn.Add();
        relu3 = nn.ReLU();
        pool2 = nn.MaxPool2d(2);
        flatten = nn.Flatten();
        fc = nn.Linear(w2 * 7 * 7, classes);
        RegisterComponents();
    }

    /// <summary>Channels of the first block.</summary>
    public int Width { get; }

    /// <summary>Maps images <c>[B, 1, 28, 28]</c> to logits <c>[B, classes]</c>.</summary>
    /// <param name="x">The images.</param>
    public override Tensor forward(Tensor x)
    {
        var h = pool1.call(relu1.call(bn1.call(conv1.call(x))));
        var s = relu2.call(bn2.call(conv2.call(h)));
        var r = bn3.call(conv3.call(s));
        var y = pool2.call(relu3.call(add.call(r, s)));
        return fc.call(flatten.call(y));
    }
}
