using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A float layer whose weight, bias and output are clamped (linger's NormalizeConv*/NormalizeLinear;
/// <see cref="ConstrainedLinear"/>, <see cref="ConstrainedConv1d"/>, <see cref="ConstrainedConv2d"/>,
/// <see cref="ConstrainedConvTranspose2d"/>): y = clamp(op(x, clamp(W), clamp(b))). It takes over the float layer's
/// <c>weight</c> and <c>bias</c> parameters (same objects, same state-dict keys), so a float checkpoint loads unchanged
/// and an optimizer made before keeps working.
/// </summary>
public abstract class ConstrainedLayer : nn.Module<Tensor, Tensor>, IConstrainedModule
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;

    private protected ConstrainedLayer(nn.Module floatLayer, Parameter weight, Parameter? bias, ConstraintBounds bounds) : base(floatLayer.GetName())
    {
        _weight = weight;
        _bias = bias;
        Bounds = bounds;
        register_parameter("weight", weight);
        if (bias is not null) register_parameter("bias", bias);
        train(floatLayer.training);
    }

    /// <inheritdoc />
    public ConstraintBounds Bounds { get; set; }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
        => Clamp.Symmetric(Op(input, Clamp.Symmetric(_weight, Bounds.Weight), Clamp.SymmetricOrNull(_bias, Bounds.Bias)), Bounds.Output);

    /// <summary>The float layer's operation with the given (clamped) weight and bias.</summary>
    private protected abstract Tensor Op(Tensor x, Tensor weight, Tensor? bias);
}
