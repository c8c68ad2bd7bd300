using System.Numerics;
using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::AvgPool2dInt(x:int8 [N,C,H,W])</c> with kernel_shape, strides, pads [t,l,b,r], ceil_mode
/// (ignored: floor shapes, as the packer does), scale_x, [scale_o] (default scale_x).
/// </summary>
internal sealed class AvgPool2dIntOp : OpNode
{
    private readonly int[] _kernel, _strides, _pads;
    private readonly Pow2Scale _sx, _so;

    public AvgPool2dIntOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        _kernel = Pair(a, AttributeNames.KernelShape, null, 1);
        _strides = Pair(a, AttributeNames.Strides, [1, 1], 1);
        _pads = Pads(a);
        _sx = a.GetScale(AttributeNames.ScaleX);
        _so = a.TryGetScale(AttributeNames.ScaleO) ?? _sx;
        a.CheckBits(AttributeNames.DataBits, 4, 8);
        a.CheckBits(AttributeNames.OBits, 8);
        int area = _kernel[0] * _kernel[1];
        if (!BitOperations.IsPow2(area))
        {
            if (_so.Exponent < _sx.Exponent)
                throw new LingerException($"{where}: scale_o {_so} is coarser than scale_x {_sx} with the non-power-of-two window area {area}: the chip returns 0 (defect). Export with scale_o = scale_x.");
            if (_so.Exponent - _sx.Exponent > 16)
                throw new LingerException($"{where}: scale_o {_so} is more than 16 bits finer than scale_x {_sx}.");
            if (area > 127)
                throw new LingerException($"{where}: non-power-of-two window area {area} > 127: the chip's divisor is an int8 (defect) and its rounding is not known. Use a power-of-two area or a smaller window.");
        }
    }

    private Conv2dGeometry Geometry(int[] s) =>
        new(s[0], s[1], s[2], s[3], _kernel[0], _kernel[1], _strides[0], _strides[1], _pads[0], _pads[1], _pads[2], _pads[3]);

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) =>
        KernelSelection.Current == KernelPath.Reference
            ? [AvgPool2dIntKernel.Run(inputs[0].AsInt8(), Geometry(inputs[0].Shape), _sx.Exponent, _so.Exponent)]
            : [PoolFastKernels.AvgPool(inputs[0].AsInt8(), Geometry(inputs[0].Shape), _sx.Exponent, _so.Exponent)];
}
