using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A Linear layer whose weight, bias and output are clamped (linger's NormalizeLinear). Takes over the
/// float <see cref="Linear"/>'s <c>weight</c> and <c>bias</c> (same objects, same keys).
/// </summary>
public sealed class ConstrainedLinear : ConstrainedLayer
{
    internal ConstrainedLinear(Linear linear, ConstraintBounds bounds) : base(linear, linear.weight!, linear.bias, bounds) => Linear = linear;

    /// <summary>The float layer whose parameters this module uses.</summary>
    public Linear Linear { get; }

    private protected override Tensor Op(Tensor x, Tensor weight, Tensor? bias)
        => nn.functional.linear(x, weight, bias);
}
