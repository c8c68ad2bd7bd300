using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>Standard <c>Flatten(axis = 1)</c>: [Π d[..axis], Π d[axis..]] (negative axis allowed), scale kept.</summary>
internal sealed class FlattenOp : OpNode
{
    private readonly long _axis;

    public FlattenOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        ExpectInputs(1, 1);
        _axis = a.GetInt(AttributeNames.Axis, 1);
    }

    public override ValueMeta[] Infer(ValueMeta[] inputs)
    {
        var x = inputs[0];
        int rank = x.Shape.Length;
        long axis = _axis < 0 ? _axis + rank : _axis;
        if (axis < 0 || axis > rank) throw new LingerException($"{Where}: axis = {_axis} is out of range for rank {rank}.");
        long outer = 1, inner = 1;
        for (int d = 0; d < rank; d++) { if (d < axis) outer *= x.Shape[d]; else inner *= x.Shape[d]; }
        return [x with { Shape = [(int)outer, (int)inner] }];
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) => [inputs[0].Data];
}
