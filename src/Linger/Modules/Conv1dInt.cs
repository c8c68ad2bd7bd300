using LingerNet.Numerics.Dialect;
using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized 1-D convolution (linger's Conv1dInt, exported as <c>thinker::Conv1dInt</c>): the integer
/// pipeline of <see cref="Conv2dInt"/> with <c>conv1d</c> over [N, C, L] (the chip runs it as a 2-D
/// convolution with H = L, W = 1: int32 accumulator, saturating bias add, SAT8(RSH)). Takes over the float
/// <see cref="Conv1d"/>'s <c>weight</c> [out, in/groups, k] and <c>bias</c> parameters (same objects, same names).
/// </summary>
public sealed class Conv1dInt : WeightedQuantizedLayer
{
    /// <summary>Creates the layer from parameters and geometry.</summary>
    public Conv1dInt(string name, Parameter weight, Parameter? bias, long stride, long padding, long dilation, long groups, ModuleQuantConfig config)
        : base(name, weight, bias, config)
    {
        if (weight.dim() != 3) throw new ArgumentException($"Conv1dInt '{name}': weight must be [OC, C/groups, k], has {weight.dim()} dimensions.", nameof(weight));
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
    }

    /// <summary>Creates the quantized counterpart of a float 1-D convolution, sharing its parameters.</summary>
    public static Conv1dInt FromFloat(Conv1d conv, ModuleQuantConfig config)
        => new(conv.GetName(), conv.weight!, conv.bias, conv.stride![0], conv.padding![0], conv.dilation![0], conv.groups, config);

    /// <summary>Stride.</summary>
    public long Stride { get; }

    /// <summary>Zero padding, applied on both sides.</summary>
    public long Padding { get; }

    /// <summary>Dilation.</summary>
    public long Dilation { get; }

    /// <summary>Groups.</summary>
    public long Groups { get; }

    /// <summary>Kernel size.</summary>
    public long KernelSize => Weight.shape[2];

    /// <inheritdoc />
    protected override bool SaturatesAccumulator => true;

    /// <inheritdoc />
    protected override Tensor Op(Tensor x, Tensor weight, Tensor? bias)
        => nn.functional.conv1d(x, weight, bias, Stride, Padding, Dilation, Groups);

    /// <summary>The geometry attributes of its <c>Conv1dInt</c> node; Init checks them against the venus limits before replacing.</summary>
    internal Dictionary<string, object> NodeAttributes() => Geometry1d(KernelSize, Stride, Padding, Dilation, Groups);

    /// <summary>kernel_shape [k], strides [s], pads [p, p], dilations [d], group of a 1-D convolution.</summary>
    internal static Dictionary<string, object> Geometry1d(long kernel, long stride, long padding, long dilation, long groups) => new()
    {
        [AttributeNames.KernelShape] = new[] { kernel },
        [AttributeNames.Strides] = new[] { stride },
        [AttributeNames.Pads] = new[] { padding, padding },
        [AttributeNames.Dilations] = new[] { dilation },
        [AttributeNames.Group] = groups,
    };
}
