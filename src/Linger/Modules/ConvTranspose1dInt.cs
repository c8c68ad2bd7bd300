using LingerNet.Export.Handlers;
using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized 1-D transposed convolution (linger 3's ConvTranspose1d). The thinker dialect has no 1-D
/// transposed convolution, so it runs as <see cref="ConvTranspose2dInt"/> over [N, C, L, 1] with the weight
/// [C, OC/groups, k, 1] (the layout the chip uses for Conv1d): the export is Reshape → ConvTranspose2dInt →
/// Reshape, with the 2-D op's venus rules on the window [k, 1]. Takes over the float
/// <see cref="ConvTranspose1d"/>'s parameters (weight [C, OC/groups, k]).
/// </summary>
public sealed class ConvTranspose1dInt : WeightedQuantizedLayer
{
    /// <summary>Creates the layer from parameters and geometry.</summary>
    public ConvTranspose1dInt(string name, Parameter weight, Parameter? bias, long stride, long padding, long outputPadding, long dilation, long groups, ModuleQuantConfig config)
        : base(name, weight, bias, config)
    {
        if (weight.dim() != 3) throw new ArgumentException($"ConvTranspose1dInt '{name}': weight must be [C, OC/groups, k], has {weight.dim()} dimensions.", nameof(weight));
        (Stride, Padding, OutputPadding, Dilation, Groups) = (stride, padding, outputPadding, dilation, groups);
    }

    /// <summary>Creates the quantized counterpart of a float 1-D transposed convolution, sharing its parameters.</summary>
    public static ConvTranspose1dInt FromFloat(ConvTranspose1d conv, ModuleQuantConfig config)
        => new(conv.GetName(), conv.weight!, conv.bias, conv.stride![0], conv.padding![0], conv.output_padding?[0] ?? 0, conv.dilation![0], conv.groups, config);

    /// <summary>Stride.</summary>
    public long Stride { get; }

    /// <summary>Padding of the equivalent forward convolution.</summary>
    public long Padding { get; }

    /// <summary>Extra output positions at the end.</summary>
    public long OutputPadding { get; }

    /// <summary>Dilation.</summary>
    public long Dilation { get; }

    /// <summary>Groups.</summary>
    public long Groups { get; }

    /// <inheritdoc />
    protected override bool SaturatesAccumulator => true;

    /// <inheritdoc />
    protected override Tensor Op(Tensor x, Tensor weight, Tensor? bias)
        => x.dim() == 4
            // The export forward runs the 2-D form the node describes (identical values).
            ? nn.functional.conv_transpose2d(x, weight.unsqueeze(-1), bias, [Stride, 1], [Padding, 0], [OutputPadding, 0], [Dilation, 1], Groups)
            : nn.functional.conv_transpose1d(x, weight, bias, Stride, Padding, OutputPadding, Dilation, Groups);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var capture = Export.ExportCapture.Current;
        if (training || capture is null) return base.forward(input);
        if (input.dim() != 3) throw new LingerException($"ConvTranspose1dInt '{GetName()}': input has shape [{string.Join(", ", input.shape)}] but must be [N, C, L].");
        // Export: Reshape to [N, C, L, 1], the 2-D node, Reshape back; each step is recorded as its node.
        var x4 = input.unsqueeze(-1);
        if (QuantTags.Get(input) is { } tag) QuantTags.Tag(x4, tag);
        capture.Record(this, new PassThroughCall(input, x4));
        var y4 = base.forward(x4);
        var y = y4.squeeze(-1);
        if (QuantTags.Get(y4) is { } ytag) QuantTags.Tag(y, ytag);
        capture.Record(this, new PassThroughCall(y4, y));
        return y;
    }

    /// <summary>The attributes of its ConvTranspose2dInt node (window [k, 1]).</summary>
    internal Dictionary<string, object> NodeAttributes()
        => ConvTranspose2dInt.Geometry([.. Weight.shape, 1], [Stride, 1], [Padding, 0], [OutputPadding, 0], [Dilation, 1], Groups);
}
