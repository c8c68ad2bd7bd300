using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A ConvTranspose2d whose weight, bias and output are clamped (linger's NormalizeConvTranspose2d). It takes
/// over the float module's <c>weight</c> and <c>bias</c> parameters (same objects, same state-dict keys).
/// </summary>
public sealed class ConstrainedConvTranspose2d : ConstrainedLayer
{
    internal ConstrainedConvTranspose2d(ConvTranspose2d conv, ConstraintBounds bounds) : base(conv, conv.weight!, conv.bias, bounds) => Conv = conv;

    /// <summary>The float transposed convolution whose parameters and geometry this module uses.</summary>
    public ConvTranspose2d Conv { get; }

    private protected override Tensor Op(Tensor x, Tensor weight, Tensor? bias)
        => nn.functional.conv_transpose2d(x, weight, bias, Conv.stride!, Conv.padding!, Conv.output_padding ?? [0, 0], Conv.dilation!, Conv.groups);
}
