using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A ConvTranspose2d whose weight, bias and output are clamped (linger's NormalizeConvTranspose2d). It takes
/// over the float module's <c>weight</c> and <c>bias</c> parameters (same objects, same state-dict keys).
/// </summary>
public sealed class ConstrainedConvTranspose2d : nn.Module<Tensor, Tensor>, IConstrainedModule
{
    internal ConstrainedConvTranspose2d(ConvTranspose2d conv, ConstraintBounds bounds) : base(conv.GetName())
    {
        Conv = conv;
        Bounds = bounds;
        register_parameter("weight", conv.weight!);
        if (conv.bias is not null) register_parameter("bias", conv.bias);
        train(conv.training);
    }

    /// <summary>The float transposed convolution whose parameters and geometry this module uses.</summary>
    public ConvTranspose2d Conv { get; }

    /// <inheritdoc />
    public ConstraintBounds Bounds { get; set; }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var w = Clamp.Symmetric(Conv.weight!, Bounds.Weight);
        var b = Clamp.SymmetricOrNull(Conv.bias, Bounds.Bias);
        var y = nn.functional.conv_transpose2d(input, w, b, Conv.stride!, Conv.padding!, Conv.output_padding ?? [0, 0], Conv.dilation!, Conv.groups);
        return Clamp.Symmetric(y, Bounds.Output);
    }
}
