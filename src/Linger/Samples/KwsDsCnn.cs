using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// A depthwise-separable CNN for keyword spotting (DS-CNN, after Zhang et al., "Hello Edge", 2017), shaped for
/// venus and for CPU training time: input <c>[B, 1, 98, 40]</c> (frames × mel bins); a 5×3 convolution with stride
/// 4 in time and 2 in frequency (98×40 → 25×20: 40 ms steps are enough for words, and the first layers dominate the
/// cost; venus kernels are at most 5); four blocks of depthwise 3×3 convolution (groups = channels) + BatchNorm +
/// ReLU and pointwise 1×1 convolution + BatchNorm + ReLU, the second and fourth with stride 2 (→ 13×10 → 7×5); a
/// global average pool over 7×5 = 35 positions (below 128, where venus's pooling divisor breaks), and a Linear layer.
/// Layer fields are <c>Module&lt;Tensor, Tensor&gt;</c> so <c>Linger.Init</c> can replace them.
/// </summary>
public sealed class KwsDsCnn : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> relu1;
    private readonly nn.Module<Tensor, Tensor> blocks;
    private readonly nn.Module<Tensor, Tensor> pool;
    private readonly nn.Module<Tensor, Tensor> flatten;
    private readonly nn.Module<Tensor, Tensor> fc;

    /// <summary>The input frames.</summary>
    public const int InputFrames = 98;

    /// <summary>The input mel bins.</summary>
    public const int InputMelBins = 40;

    /// <summary>Creates the network with fresh weights (seed with <c>torch.random.manual_seed</c> first).</summary>
    /// <param name="classes">Output logits.</param>
    /// <param name="width">Channels of every layer.</param>
    public KwsDsCnn(int classes, int width = 64) : base(nameof(KwsDsCnn))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Width = width;
        conv1 = nn.Conv2d(1, width, (5, 3), (4, 2), (2, 1), bias: false);
        bn1 = nn.BatchNorm2d(width);
        relu1 = nn.ReLU();
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int[] strides = [1, 2, 1, 2];
        for (int b = 0; b < strides.Length; b++)
        {
            long s = strides[b];
            layers.Add(($"dw{b + 1}", nn.Conv2d(width, width, (3, 3), (s, s), (1, 1), groups: width, bias: false)));
            layers.Add(($"dw{b + 1}_bn", nn.BatchNorm2d(width)));
            layers.Add(($"dw{b + 1}_relu", nn.ReLU()));
            layers.Add(($"pw{b + 1}", nn.Conv2d(width, width, 1, bias: false)));
            layers.Add(($"pw{b + 1}_bn", nn.BatchNorm2d(width)));
            layers.Add(($"pw{b + 1}_relu", nn.ReLU()));
        }
        blocks = nn.Sequential(layers);
        pool = nn.AvgPool2d((7, 5));
        flatten = nn.Flatten();
        fc = nn.Linear(width, classes);
        RegisterComponents();
    }

    /// <summary>Channels of every layer.</summary>
    public int Width { get; }

    /// <summary>Maps features <c>[B, 1, 98, 40]</c> to logits <c>[B, classes]</c>.</summary>
    /// <param name="x">The features.</param>
    public override Tensor forward(Tensor x)
    {
        var h = relu1.call(bn1.call(conv1.call(x)));
        return fc.call(flatten.call(pool.call(blocks.call(h))));
    }
}
