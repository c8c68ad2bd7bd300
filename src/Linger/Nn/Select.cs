using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary><c>x.select(dim, index)</c> (the dim is dropped): exported as a standard Gather with a 0-d int64 index.</summary>
public sealed class Select : ShapeOp
{
    /// <summary>Creates the op.</summary>
    public Select(long dim, long index, string name = "select") : base(name)
    {
        Dim = dim;
        Index = index;
    }

    /// <summary>The dim.</summary>
    public long Dim { get; }

    /// <summary>The index (negative counts from the end).</summary>
    public long Index { get; }

    private protected override Tensor Apply(Tensor x) => x.select(Dim, Index);

    internal override Export.Handlers.MovementNode Describe(Tensor input, Tensor output) => new(OpTypes.Gather,
        new() { [AttributeNames.Axis] = Normalize(Dim, input.dim()) },
        [new Export.CapturedInitializer("indices", OnnxDataTypes.Int64, [], new[] { Index })]);
}
