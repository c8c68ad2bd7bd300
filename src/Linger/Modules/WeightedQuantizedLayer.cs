using LingerNet.Quantization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// A <see cref="QuantizedLayer"/> whose integer op uses its own <c>weight</c> and optional <c>bias</c> parameters as
/// they are (linear and convolution layers; <see cref="BatchNorm2dInt"/> folds its statistics instead). The layer takes
/// over the float module's parameter objects, so the state-dict keys stay <c>weight</c> and <c>bias</c>.
/// </summary>
public abstract class WeightedQuantizedLayer : QuantizedLayer
{
    private protected WeightedQuantizedLayer(string name, Parameter weight, Parameter? bias, ModuleQuantConfig config) : base(name, config)
    {
        Weight = weight;
        Bias = bias;
        register_parameter("weight", weight);
        if (bias is not null) register_parameter("bias", bias);
    }

    /// <summary>The weight (its layout is the float module's: see the layer).</summary>
    public Parameter Weight { get; }

    /// <summary>The bias [out], or null (a transposed convolution then exports a zero bias: the venus packer needs one).</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc />
    protected sealed override (Tensor Weight, Tensor? Bias) EffectiveParameters(Tensor input) => (Weight, Bias);
}
