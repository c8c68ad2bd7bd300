using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A Conv1d whose weight, bias and output are clamped (linger's NormalizeConv1d). It takes over the
/// float <see cref="Conv1d"/>'s <c>weight</c> and <c>bias</c> parameters (same objects, same state-dict
/// keys), so a float checkpoint loads unchanged and an optimizer made before keeps working.
/// </summary>
public sealed class ConstrainedConv1d : nn.Module<Tensor, Tensor>, IConstrainedModule
{
    internal ConstrainedConv1d(Conv1d conv, ConstraintBounds bounds) : base(conv.GetName())
    {
        Conv = conv;
        Bounds = bounds;
        register_parameter("weight", conv.weight!);
        if (conv.bias is not null) register_parameter("bias", conv.bias);
        train(conv.training);
    }

    /// <summary>The float 1-D convolution whose parameters and geometry this module uses.</summary>
    public Conv1d Conv { get; }

    /// <inheritdoc />
    public ConstraintBounds Bounds { get; set; }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var w = Clamp.Symmetric(Conv.weight!, Bounds.Weight);
        var b = Clamp.SymmetricOrNull(Conv.bias, Bounds.Bias);
        var y = nn.functional.conv1d(input, w, b, Conv.stride![0], Conv.padding![0], Conv.dilation![0], Conv.groups);
        return Clamp.Symmetric(y, Bounds.Output);
    }
}
