using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary><c>thinker::Gather(W:int8 [V, D], indices:int64)</c>: the table rows at the indices, int8 at scale_w (linger's EmbeddingInt).</summary>
internal sealed class ThinkerGatherOp : OpNode
{
    private readonly sbyte[] _w;
    private readonly int _rows, _dim;

    public ThinkerGatherOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where)
    {
        var w = ctx.RequireConstant(Inputs[0], where, "table");
        if (w.ElementType != TensorElementType.Int8 || w.Shape.Length != 2)
            throw new LingerException($"{where}: table '{w.Name}' must be int8 [V, D], is {w.ElementType}[{RuntimeTensor.FormatShape(w.Shape)}].");
        _w = w.AsInt8();
        (_rows, _dim) = (w.Shape[0], w.Shape[1]);
        a.CheckBits(AttributeNames.ParameterBits, 4, 8);
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var idx = inputs[1].AsInt64();
        var y = new sbyte[idx.Length * _dim];
        for (int i = 0; i < idx.Length; i++)
        {
            long r = idx[i];
            if (r < 0 || r >= _rows) throw new LingerException($"{Where}: index {r} at position {i} is outside the table's {_rows} rows.");
            Array.Copy(_w, r * _dim, y, (long)i * _dim, _dim);
        }
        return [y];
    }
}
