using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>Standard <c>Identity</c>: passes the tensor through.</summary>
internal sealed class IdentityOp : OpNode
{
    public IdentityOp(NodeProto node, string where) : base(node, where) => ExpectInputs(1, 1);

    public override ValueMeta[] Infer(ValueMeta[] inputs) => [inputs[0]];

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) => [inputs[0].Data];
}
