using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A Linear layer whose weight, bias and output are clamped (linger's NormalizeLinear). Takes over the
/// float <see cref="Linear"/>'s <c>weight</c> and <c>bias</c> (same objects, same keys).
/// </summary>
public sealed class ConstrainedLinear : nn.Module<Tensor, Tensor>, IConstrainedModule
{
    internal ConstrainedLinear(Linear linear, ConstraintBounds bounds) : base(linear.GetName())
    {
        Linear = linear;
        Bounds = bounds;
        register_parameter("weight", linear.weight!);
        if (linear.bias is not null) register_parameter("bias", linear.bias);
        train(linear.training);
    }

    /// <summary>The float layer whose parameters this module uses.</summary>
    public Linear Linear { get; }

    /// <inheritdoc />
    public ConstraintBounds Bounds { get; set; }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var w = Clamp.Symmetric(Linear.weight!, Bounds.Weight);
        var b = Clamp.SymmetricOrNull(Linear.bias, Bounds.Bias);
        return Clamp.Symmetric(nn.functional.linear(input, w, b), Bounds.Output);
    }
}
