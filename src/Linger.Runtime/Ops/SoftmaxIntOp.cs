using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::SoftmaxInt(x:int8)</c> / <c>thinker::LogSoftmaxInt(x:int8)</c> with scale_x, dim, scale_o:
/// rows along dim through the Numerics kernel (VenusSoftmax, or LogSoftmaxInt), int8 out at scale_o.
/// </summary>
internal sealed class SoftmaxIntOp : OpNode
{
    private readonly Pow2Scale _sx, _so;
    private readonly long _dim;
    private readonly SoftmaxIntKernel.RowKernel _kernel;

    public SoftmaxIntOp(NodeProto node, string where, NodeAttributes a, bool log) : base(node, where)
    {
        _sx = a.GetScale(AttributeNames.ScaleX);
        _so = a.GetScale(AttributeNames.ScaleO);
        _dim = a.GetInt(AttributeNames.Dim);
        a.CheckBits(AttributeNames.DataBits, 8);
        a.CheckBits(AttributeNames.OBits, 8);
        _kernel = log ? LogSoftmaxInt.LogSoftmax : (x, qX, y, qO, row) => VenusSoftmax.Softmax(x, qX, y, qO, row);
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var shape = inputs[0].Shape;
        int axis = (int)(_dim < 0 ? _dim + shape.Length : _dim);
        return [SoftmaxIntKernel.Run(inputs[0].AsInt8(), shape, axis, _sx.Exponent, _so.Exponent, _kernel)];
    }
}
