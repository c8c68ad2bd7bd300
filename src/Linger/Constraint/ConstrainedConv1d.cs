using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A Conv1d whose weight, bias and output are clamped (linger's NormalizeConv1d). It takes over the
/// float <see cref="Conv1d"/>'s <c>weight</c> and <c>bias</c> parameters (same objects, same state-dict
/// keys), so a float checkpoint loads unchanged and an optimizer made before keeps working.
/// </summary>
public sealed class ConstrainedConv1d : ConstrainedLayer
{
    internal ConstrainedConv1d(Conv1d conv, ConstraintBounds bounds) : base(conv, conv.weight!, conv.bias, bounds) => Conv = conv;

    /// <summary>The float 1-D convolution whose parameters and geometry this module uses.</summary>
    public Conv1d Conv { get; }

    private protected override Tensor Op(Tensor x, Tensor weight, Tensor? bias)
        => nn.functional.conv1d(x, weight, bias, Conv.stride![0], Conv.padding![0], Conv.dilation![0], Conv.groups);
}
