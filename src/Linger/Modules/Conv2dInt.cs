using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized 2-D convolution (linger's Conv2dInt, exported as <c>thinker::Conv2dInt</c>): int8 input
/// and weight, int32 bias, 32-bit accumulator, output requantized by a rounding shift. Takes over the
/// float <see cref="Conv2d"/>'s <c>weight</c> [out, in/groups, kh, kw] and <c>bias</c> parameters (same objects, same names).
/// </summary>
public sealed class Conv2dInt : WeightedQuantizedLayer
{
    /// <summary>Creates the layer from parameters and geometry.</summary>
    public Conv2dInt(string name, Parameter weight, Parameter? bias, long[] stride, long[] padding, long[] dilation, long groups, ModuleQuantConfig config)
        : base(name, weight, bias, config)
    {
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
    }

    /// <summary>Creates the quantized counterpart of a float convolution, sharing its parameters.</summary>
    public static Conv2dInt FromFloat(Conv2d conv, ModuleQuantConfig config)
        => new(conv.GetName(), conv.weight!, conv.bias, conv.stride!, conv.padding!, conv.dilation!, conv.groups, config);

    /// <summary>Strides (h, w).</summary>
    public long[] Stride { get; }

    /// <summary>Zero padding (h, w), applied on both sides.</summary>
    public long[] Padding { get; }

    /// <summary>Dilation (h, w).</summary>
    public long[] Dilation { get; }

    /// <summary>Groups.</summary>
    public long Groups { get; }

    /// <summary>Kernel size (h, w).</summary>
    public long[] KernelSize => new[] { Weight.shape[2], Weight.shape[3] };

    /// <inheritdoc />
    protected override bool SaturatesAccumulator => true;

    /// <inheritdoc />
    protected override Tensor Op(Tensor x, Tensor weight, Tensor? bias)
        => nn.functional.conv2d(x, weight, bias, Stride, Padding, Dilation, Groups);

    /// <summary>The geometry attributes of its <c>Conv2dInt</c> node; Init checks them against the venus limits before replacing.</summary>
    internal Dictionary<string, object> NodeAttributes() => Geometry.Conv2d(KernelSize, Stride, Padding, Dilation, Groups);
}
