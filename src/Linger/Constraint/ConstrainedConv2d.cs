using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A Conv2d whose weight, bias and output are clamped (linger's NormalizeConv2d). It takes over the
/// float <see cref="Conv2d"/>'s <c>weight</c> and <c>bias</c> parameters (same objects, same state-dict
/// keys), so a float checkpoint loads unchanged and an optimizer made before keeps working.
/// </summary>
public sealed class ConstrainedConv2d : ConstrainedLayer
{
    internal ConstrainedConv2d(Conv2d conv, ConstraintBounds bounds) : base(conv, conv.weight!, conv.bias, bounds) => Conv = conv;

    /// <summary>The float convolution whose parameters and geometry this module uses.</summary>
    public Conv2d Conv { get; }

    private protected override Tensor Op(Tensor x, Tensor weight, Tensor? bias)
        => nn.functional.conv2d(x, weight, bias, Conv.stride!, Conv.padding!, Conv.dilation!, Conv.groups);
}
