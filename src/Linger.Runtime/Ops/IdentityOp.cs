using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>Standard <c>Identity</c>: passes the tensor through.</summary>
internal sealed class IdentityOp : OpNode
{
    public IdentityOp(NodeProto node, string where) : base(node, where) { }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) => [inputs[0].Data];
}
