using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::Conv2dInt(x:int8 [N,C,H,W], W:int8 [OC, C/group, kh, kw], [b:int32 [OC]])</c> with
/// scale_x, scale_w, [scale_o, o_bits], kernel_shape, strides, pads [t,l,b,r], dilations, group.
/// int8 output when scale_o is present, else float32 acc / 2^(q_x+q_w).
/// </summary>
internal sealed class Conv2dIntOp : AccumulatorOpNode, IReluFusable
{
    private readonly sbyte[] _w;
    private readonly int[]? _b;
    private readonly int _oc, _icPerGroup, _kh, _kw, _group;
    private readonly int[] _strides, _pads, _dilations;
    private readonly PackedConvWeights _packed;

    public Conv2dIntOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where, a, 8, 16, 32)
    {

        var w = ctx.RequireConstant(Inputs[1], where, "weight");
        if (w.ElementType != TensorElementType.Int8 || w.Shape.Length != 4)
            throw new LingerException($"{where}: weight '{w.Name}' must be int8 [OC, C/group, kh, kw], is {w.ElementType}[{RuntimeTensor.FormatShape(w.Shape)}].");
        _w = w.AsInt8();
        (_oc, _icPerGroup, _kh, _kw) = (w.Shape[0], w.Shape[1], w.Shape[2], w.Shape[3]);
        if (_oc == 0 || _icPerGroup == 0 || _kh == 0 || _kw == 0)
            throw new LingerException($"{where}: weight '{w.Name}' has an empty dimension [{RuntimeTensor.FormatShape(w.Shape)}].");
        if (a.Has(AttributeNames.KernelShape))
        {
            int[] k = Pair(a, AttributeNames.KernelShape, null, 1);
            if (k[0] != _kh || k[1] != _kw)
                throw new LingerException($"{where}: kernel_shape [{k[0]}, {k[1]}] does not match weight '{w.Name}' [{RuntimeTensor.FormatShape(w.Shape)}].");
        }
        _strides = Pair(a, AttributeNames.Strides, [1, 1], 1);
        _dilations = Pair(a, AttributeNames.Dilations, [1, 1], 1);
        _pads = Pads(a);
        long group = a.GetInt(AttributeNames.Group, 1);
        if (group < 1 || group > _oc || _oc % group != 0)
            throw new LingerException($"{where}: group = {group} must be ≥ 1 and divide the {_oc} output channels.");
        _group = (int)group;

        if (HasInput(2))
        {
            _b = ReadBias(ctx, where, _oc);
        }
        _packed = new PackedConvWeights(_w, _oc, _icPerGroup, _kh, _kw, _group);
        _packed.Prepare(KernelSelection.Current);
    }

    private Conv2dGeometry Geometry(int[] s) => new(s[0], s[1], s[2], s[3], _kh, _kw, _strides[0], _strides[1],
        _pads[0], _pads[1], _pads[2], _pads[3], _dilations[0], _dilations[1]);

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var path = KernelSelection.Current;
        var g = Geometry(inputs[0].Shape);
        if (path != KernelPath.Reference && OutputScale is not null && OutputBits == 8)
            return [Conv2dIntFastKernel.RunInt8(inputs[0].AsInt8(), _packed, _b, g, path, Shift)];
        int[] acc = path == KernelPath.Reference
            ? Conv2dIntKernel.Accumulate(inputs[0].AsInt8(), _w, _b, g, _oc, _group)
            : Conv2dIntFastKernel.Accumulate(inputs[0].AsInt8(), _packed, _b, g, path);
        if (OutputScale is null) return [Conv2dIntKernel.ToFloat(acc, InputScale.Exponent + WeightScale.Exponent)];
        if (OutputBits != 8) return [WideOutputKernel.Requantize(acc.Select(v => (long)v).ToArray(), Shift, OutputBits)];
        return path == KernelPath.Reference ? [Conv2dIntKernel.RequantizeInt8(acc, Shift)] : [RequantizeFast.Int32ToInt8(acc, Shift)];
    }

    public override bool ExecuteInto(RuntimeTensor[] inputs, ValueMeta[] outputs, Array destination) =>
        Into(inputs, destination, relu: false);

    public bool CanFuseRelu => OutputScale is not null && OutputBits == 8;

    public bool MayOverwriteInputs => false;

    public bool ExecuteIntoWithRelu(RuntimeTensor[] inputs, ValueMeta[] outputs, Array destination) =>
        Into(inputs, destination, relu: true);

    private bool Into(RuntimeTensor[] inputs, Array destination, bool relu)
    {
        var path = KernelSelection.Current;
        if (path == KernelPath.Reference || OutputScale is null || OutputBits != 8 || destination is not sbyte[] y) return false;
        Conv2dIntFastKernel.RunInt8(inputs[0].AsInt8(), _packed, _b, Geometry(inputs[0].Shape), path, Shift, y, relu);
        return true;
    }
}
