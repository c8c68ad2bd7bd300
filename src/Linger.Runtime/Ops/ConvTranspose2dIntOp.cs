using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::ConvTranspose2dInt(x:int8 [N,C,H,W], W:int8 [C, OC/group, kh, kw], [b:int32 [OC]])</c> with
/// scale_x, scale_w, [scale_o, o_bits], kernel_shape, strides, pads [t,l,b,r], output_padding, dilations, group.
/// </summary>
internal sealed class ConvTranspose2dIntOp : AccumulatorOpNode
{
    private readonly sbyte[] _w;
    private readonly int[]? _b;
    private readonly int _ocPerGroup, _kh, _kw, _group;
    private readonly int[] _strides, _pads, _dilations;

    public ConvTranspose2dIntOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where, a)
    {
        var w = ctx.RequireConstant(Inputs[1], where, "weight");
        if (w.ElementType != TensorElementType.Int8 || w.Shape.Length != 4)
            throw new LingerException($"{where}: weight '{w.Name}' must be int8 [C, OC/group, kh, kw], is {w.ElementType}[{RuntimeTensor.FormatShape(w.Shape)}].");
        _w = w.AsInt8();
        (_ocPerGroup, _kh, _kw) = (w.Shape[1], w.Shape[2], w.Shape[3]);
        _strides = Pair(a, AttributeNames.Strides, [1, 1], 1);
        _dilations = Pair(a, AttributeNames.Dilations, [1, 1], 1);
        _pads = Pads(a);
        _group = (int)a.GetInt(AttributeNames.Group, 1);
        if (HasInput(2)) _b = ReadBias(ctx, where, _ocPerGroup * _group);
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var s = inputs[0].Shape;
        var o = outputs[0].Shape!;
        int[] acc = ConvTranspose2dIntKernel.Accumulate(inputs[0].AsInt8(), s[0], s[1], s[2], s[3], _w, _ocPerGroup, _kh, _kw, _b,
            _strides, _pads, _dilations, _group, o[2], o[3]);
        return OutputScale is null
            ? [Conv2dIntKernel.ToFloat(acc, InputScale.Exponent + WeightScale.Exponent)]
            : [Conv2dIntKernel.RequantizeInt8(acc, Shift)];
    }
}
