using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized fully connected layer (linger's LinearInt, exported as <c>thinker::LinearInt</c>): exact
/// integer dot products, int32 bias, rounding-shift requantization. Shares the float
/// <see cref="Linear"/>'s <c>weight</c> [out, in] and <c>bias</c>.
/// </summary>
public sealed class LinearInt : WeightedQuantizedLayer
{
    /// <summary>Creates the layer from its parameters.</summary>
    public LinearInt(string name, Parameter weight, Parameter? bias, ModuleQuantConfig config) : base(name, weight, bias, config)
    {
    }

    /// <summary>Creates the quantized counterpart of a float linear layer, sharing its parameters.</summary>
    public static LinearInt FromFloat(Linear linear, ModuleQuantConfig config)
        => new(linear.GetName(), linear.weight!, linear.bias, config);

    /// <inheritdoc />
    protected override Tensor Op(Tensor x, Tensor weight, Tensor? bias) => nn.functional.linear(x, weight, bias);
}
