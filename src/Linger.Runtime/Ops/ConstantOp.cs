using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>Standard <c>Constant(value)</c>: its tensor is known at load (used e.g. as a Reshape shape).</summary>
internal sealed class ConstantOp : OpNode
{
    public ConstantOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where)
    {
        var t = OnnxReader.ToTensor(a.GetTensor(AttributeNames.Value), where);
        Value = t.WithNameAndShape(Outputs[0], t.Shape);
        ctx.Constants[Outputs[0]] = Value;
    }

    public RuntimeTensor Value { get; }

    public override ValueMeta[] Infer(ValueMeta?[] inputs) => [ValueMeta.Of(Value)];

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) => [Value.Data];
}
