using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::iqSigmoid</c> / <c>thinker::iqTanh</c> (int16 or int8 input at scale_x, int8 Q7 output) through
/// <see cref="IqSigmoidTanh"/>: the chip's Q11 tables; an input finer than Q11 is refused for venus by the
/// contract and computed with linger's left shift otherwise.
/// </summary>
internal sealed class IqSigmoidTanhOp : OpNode
{
    private readonly bool _sigmoid;
    private readonly int _qx;

    public IqSigmoidTanhOp(NodeProto node, string where, NodeAttributes a, bool sigmoid) : base(node, where)
    {
        _sigmoid = sigmoid;
        _qx = a.GetScale(AttributeNames.ScaleX).Exponent;
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0];
        var y = new sbyte[x.Length];
        if (x.Data is sbyte[] b)
        {
            var table = IqSigmoidTanh.Int8Table(_qx, _sigmoid);
            for (int i = 0; i < b.Length; i++) y[i] = table[b[i] + 128];
        }
        else
        {
            for (int i = 0; i < y.Length; i++) y[i] = IqSigmoidTanh.Apply(x.GetInteger(i), _qx, _sigmoid);
        }
        return [y];
    }
}
