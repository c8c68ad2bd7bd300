using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Passes quantized data through unchanged (no ONNX node). Init puts it where a Dropout was: linger
/// disables dropout once a model is quantized, since scaled kept values would leave the integer grid.
/// </summary>
public sealed class IqIdentity : ScalePreserving
{
    /// <summary>Creates the module.</summary>
    public IqIdentity(string name) : base(name) { }

    /// <inheritdoc />
    protected override Tensor Op(Tensor x) => x.alias();
}
