using LingerNet.Numerics.Dialect;
using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized 2-D transposed convolution (linger's ConvTranspose2dInt, exported as <c>thinker::ConvTranspose2dInt</c>):
/// the integer pipeline of <see cref="Conv2dInt"/> with <c>conv_transpose2d</c> (int8 input and weight, int32
/// bias, saturating bias add, SAT8(RSH)). Takes over the float <see cref="ConvTranspose2d"/>'s parameters
/// (weight [C, OC/groups, kh, kw]). No ahead_relu, as in linger.
/// </summary>
public sealed class ConvTranspose2dInt : WeightedQuantizedLayer
{
    /// <summary>Creates the layer from parameters and geometry.</summary>
    public ConvTranspose2dInt(string name, Parameter weight, Parameter? bias, long[] stride, long[] padding, long[] outputPadding, long[] dilation, long groups, ModuleQuantConfig config)
        : base(name, weight, bias, config)
    {
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        Dilation = dilation;
        Groups = groups;
    }

    /// <summary>Creates the quantized counterpart of a float transposed convolution, sharing its parameters.</summary>
    public static ConvTranspose2dInt FromFloat(ConvTranspose2d conv, ModuleQuantConfig config)
        => new(conv.GetName(), conv.weight!, conv.bias, conv.stride!, conv.padding!, conv.output_padding ?? [0, 0], conv.dilation!, conv.groups, config);

    /// <summary>Strides (h, w).</summary>
    public long[] Stride { get; }

    /// <summary>Padding (h, w) of the equivalent forward convolution, removed from both sides of the output.</summary>
    public long[] Padding { get; }

    /// <summary>Extra output rows/columns at the bottom/right (h, w).</summary>
    public long[] OutputPadding { get; }

    /// <summary>Dilation (h, w).</summary>
    public long[] Dilation { get; }

    /// <summary>Groups.</summary>
    public long Groups { get; }

    /// <inheritdoc />
    protected override bool SaturatesAccumulator => true;

    /// <inheritdoc />
    protected override Tensor Op(Tensor x, Tensor weight, Tensor? bias)
        => nn.functional.conv_transpose2d(x, weight, bias, Stride, Padding, OutputPadding, Dilation, Groups);

    /// <summary>The geometry attributes of its node; Init checks them against the venus limits before replacing.</summary>
    internal Dictionary<string, object> NodeAttributes() => Geometry(Weight.shape, Stride, Padding, OutputPadding, Dilation, Groups);

    /// <summary>kernel_shape, strides, pads (linger writes the padding, not the doc's dilation·(k−1)−padding), output_padding, dilations, group.</summary>
    internal static Dictionary<string, object> Geometry(long[] weightShape, long[] stride, long[] padding, long[] outputPadding, long[] dilation, long groups)
    {
        var a = Modules.Geometry.Conv2d([weightShape[2], weightShape[3]], stride, padding, dilation, groups);
        a[AttributeNames.OutputPadding] = outputPadding.ToArray();
        return a;
    }
}
