using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary><c>thinker::iqClamp</c>: x at scale_o, saturated (max = 127/scale_o), and ≥ 0 when min = 0 (<see cref="IqElementwise.Clamp"/>).</summary>
internal sealed class IqClampOp : OpNode
{
    private readonly int _qx, _qo;
    private readonly bool _nonNegative;

    public IqClampOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        _qx = a.GetScale(AttributeNames.ScaleX).Exponent;
        _qo = a.GetScale(AttributeNames.ScaleO).Exponent;
        _nonNegative = a.GetFloat(AttributeNames.Min) == 0;
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
        => [inputs[0].AsInt8().Select(v => IqElementwise.Clamp(v, _qx, _qo, _nonNegative)).ToArray()];
}
