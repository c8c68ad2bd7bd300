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
        _axis = a.GetInt(AttributeNames.Axis, 1);
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) => [inputs[0].Data];
}
