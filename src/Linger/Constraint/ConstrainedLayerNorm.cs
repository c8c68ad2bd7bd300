using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A LayerNorm whose weight γ, bias β and output are clamped (linger's NormalizeLayerNorm). Takes over the float
/// <see cref="LayerNorm"/>'s <c>weight</c> and <c>bias</c> (same objects, same keys); normalises with the float
/// module's own ε (Init then requires the chip's 1e-5).
/// </summary>
public sealed class ConstrainedLayerNorm : nn.Module<Tensor, Tensor>, IConstrainedModule
{
    internal ConstrainedLayerNorm(LayerNorm layerNorm, ConstraintBounds bounds) : base(layerNorm.GetName())
    {
        LayerNorm = layerNorm;
        Bounds = bounds;
        if (layerNorm.weight is not null) register_parameter("weight", layerNorm.weight);
        if (layerNorm.bias is not null) register_parameter("bias", layerNorm.bias);
        train(layerNorm.training);
    }

    /// <summary>The float layer whose parameters this module uses.</summary>
    public LayerNorm LayerNorm { get; }

    /// <inheritdoc />
    public ConstraintBounds Bounds { get; set; }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var w = Clamp.SymmetricOrNull(LayerNorm.weight, Bounds.Weight);
        var b = Clamp.SymmetricOrNull(LayerNorm.bias, Bounds.Bias);
        return Clamp.Symmetric(nn.functional.layer_norm(input, LayerNorm.normalized_shape, w, b, LayerNorm.eps), Bounds.Output);
    }
}
