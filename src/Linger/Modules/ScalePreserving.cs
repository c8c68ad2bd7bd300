using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Base of ops that move or select values without changing them (ReLU, max pooling, flatten):
/// on the chip they run on the int8 data at the same scale, so the output carries the input's tag.
/// A float (untagged) input gives a float output.
/// </summary>
public abstract class ScalePreserving : nn.Module<Tensor, Tensor>, IQuantizedModule
{
    /// <summary>Creates the module.</summary>
    protected ScalePreserving(string name) : base(name) { }

    /// <summary>The float op.</summary>
    protected abstract Tensor Op(Tensor x);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var y = Op(input);
        if (ReferenceEquals(y, input)) y = y.alias();
        var tag = QuantTags.Get(input);
        if (tag is not null) QuantTags.Tag(y, tag);
        Export.ExportCapture.Current?.Record(this, new Export.Handlers.PassThroughCall(input, y));
        return y;
    }
}
