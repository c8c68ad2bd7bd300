using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Dialect.Contracts;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::Conv1dInt(x:int8 [N,C,L], W:int8 [OC, C/group, k], [b:int32 [OC]])</c> with scale_x, scale_w,
/// [scale_o, o_bits], kernel_shape [k], strides [s], pads [begin, end], dilations [d], group. Runs as the
/// 2-D kernel with H = L, W = 1, as the chip does (chip-facts "Conv1dInt").
/// </summary>
internal sealed class Conv1dIntOp : AccumulatorOpNode
{
    private readonly sbyte[] _w;
    private readonly int[]? _b;
    private readonly int _oc, _k, _group, _stride, _dilation;
    private readonly int[] _pads;

    public Conv1dIntOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where, a)
    {
        var w = ctx.RequireConstant(Inputs[1], where, "weight");
        if (w.ElementType != TensorElementType.Int8 || w.Shape.Length != 3)
            throw new LingerException($"{where}: weight '{w.Name}' must be int8 [OC, C/group, k], is {w.ElementType}[{RuntimeTensor.FormatShape(w.Shape)}].");
        _w = w.AsInt8();
        (_oc, _k) = (w.Shape[0], w.Shape[2]);
        (_stride, _pads, _dilation) = ShapeRules.Window1d(a.Set);
        _group = (int)a.GetInt(AttributeNames.Group, 1);
        if (HasInput(2)) _b = ReadBias(ctx, where, _oc);
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var s = inputs[0].Shape;
        var g = new Conv2dGeometry(s[0], s[1], s[2], 1, _k, 1, _stride, 1, _pads[0], 0, _pads[1], 0, _dilation, 1);
        int[] acc = Conv2dIntKernel.Accumulate(inputs[0].AsInt8(), _w, _b, g, _oc, _group);
        return OutputScale is null
            ? [Conv2dIntKernel.ToFloat(acc, InputScale.Exponent + WeightScale.Exponent)]
            : [Conv2dIntKernel.RequantizeInt8(acc, Shift)];
    }
}
