using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// An op that moves or selects values without changing them (reshape, permute, slice, pad, channel shuffle...):
/// the output keeps the input's scale and bits, in float and quantized models alike, and exports as one node
/// on the int8 data (a standard ONNX op, or thinker iqPad / ShuffleChannel).
/// </summary>
public abstract class ShapeOp : nn.Module<Tensor, Tensor>, ILingerOp
{
    private protected ShapeOp(string name) : base(name) { }

    /// <inheritdoc />
    public bool IsQuantized { get; private set; }

    /// <inheritdoc />
    public void EnableQuant(ModuleQuantConfig config) => IsQuantized = true;

    /// <summary>The torch operation.</summary>
    private protected abstract Tensor Apply(Tensor x);

    /// <summary>The exported node for an input of <paramref name="input"/>'s shape and <paramref name="output"/>.</summary>
    internal abstract Export.Handlers.MovementNode Describe(Tensor input, Tensor output);

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        var y = Apply(x);
        if (ReferenceEquals(y, x)) y = y.alias();
        if (QuantTags.Get(x) is { } tag) QuantTags.Tag(y, tag);
        Export.ExportCapture.Current?.Record(this, new Export.Handlers.PassThroughCall(x, y));
        return y;
    }

    /// <summary>A dim in [0, rank).</summary>
    private protected long Normalize(long dim, long rank)
    {
        long d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) throw new LingerException($"{GetType().Name} '{GetName()}': dim {dim} is out of range for rank {rank}.");
        return d;
    }
}
