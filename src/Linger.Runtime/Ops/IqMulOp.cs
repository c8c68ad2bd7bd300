using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::iqMul(x:int8, y:int8)</c> with scale_x, scale_y, scale_o through the Numerics <see cref="IqMul"/>
/// kernel: identical shapes, a 0-d y, or x [N, C, H, W] × y [N, C, 1, 1].
/// </summary>
internal sealed class IqMulOp : OpNode
{
    private readonly int _qx, _qy, _qo;

    public IqMulOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        _qx = a.GetScale(AttributeNames.ScaleX).Exponent;
        _qy = a.GetScale(AttributeNames.ScaleY).Exponent;
        _qo = a.GetScale(AttributeNames.ScaleO).Exponent;
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0];
        var y = inputs[1];
        var z = new sbyte[x.Length];
        if (x.Shape.SequenceEqual(y.Shape)) IqMul.SameShape(x.AsInt8(), _qx, y.AsInt8(), _qy, z, _qo);
        else if (y.Shape.Length == 0) IqMul.Scalar(x.AsInt8(), _qx, y.AsInt8()[0], _qy, z, _qo);
        else IqMul.BroadcastPerChannel(x.AsInt8(), _qx, y.AsInt8(), _qy, z, _qo, x.Shape[0], x.Shape[1], x.Shape[2] * x.Shape[3]);
        return [z];
    }
}
