using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>ReLU on quantized data (linger's iqRelu, exported as the standard <c>Relu</c> on int8): same scale in and out.</summary>
public sealed class IqRelu : ScalePreserving
{
    /// <summary>Creates the module.</summary>
    public IqRelu(string name) : base(name) { }

    /// <inheritdoc />
    protected override Tensor Op(Tensor x) => nn.functional.relu(x);
}
