using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// A reshape on quantized data (exported as the standard <c>Reshape</c> to the recorded output shape): same
/// values, same scale. Used inside the 1-D pools, which run as 2-D windows over [N, C, L, 1] as the chip does.
/// </summary>
public sealed class IqReshape : ScalePreserving
{
    private readonly Func<long[], long[]> _shape;

    /// <summary>Creates the module; <paramref name="shape"/> maps the input shape to the output shape.</summary>
    public IqReshape(string name, Func<long[], long[]> shape) : base(name) => _shape = shape;

    /// <inheritdoc />
    protected override Tensor Op(Tensor x) => x.reshape(_shape(x.shape));
}
