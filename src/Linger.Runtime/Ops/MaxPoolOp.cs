using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// Standard <c>MaxPool</c> on int8 NCHW: kernel_shape, strides, pads [t,l,b,r], dilations;
/// ceil_mode is ignored (floor shapes, as the packer does); auto_pad must be NOTSET.
/// </summary>
internal sealed class MaxPoolOp : OpNode
{
    private readonly int[] _kernel, _strides, _pads, _dilations;

    public MaxPoolOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        if (Outputs.Length > 1 && Outputs[1].Length > 0)
            throw new LingerException($"{where}: the Indices output of MaxPool is not supported.");
        string? autoPad = a.TryGetString("auto_pad");
        if (autoPad is not (null or "NOTSET"))
            throw new LingerException($"{where}: auto_pad = '{autoPad}' is not supported; export explicit pads.");
        _kernel = Pair(a, AttributeNames.KernelShape, null, 1);
        _strides = Pair(a, AttributeNames.Strides, [1, 1], 1);
        _dilations = Pair(a, AttributeNames.Dilations, [1, 1], 1);
        _pads = Pads(a);
    }

    private Conv2dGeometry Geometry(int[] s) => new(s[0], s[1], s[2], s[3], _kernel[0], _kernel[1], _strides[0], _strides[1],
        _pads[0], _pads[1], _pads[2], _pads[3], _dilations[0], _dilations[1]);

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) =>
        KernelSelection.Current == KernelPath.Reference
            ? [MaxPoolKernel.Run(inputs[0].AsInt8(), Geometry(inputs[0].Shape))]
            : [PoolFastKernels.MaxPool(inputs[0].AsInt8(), Geometry(inputs[0].Shape))];

    public override bool ExecuteInto(RuntimeTensor[] inputs, ValueMeta[] outputs, Array destination)
    {
        if (KernelSelection.Current == KernelPath.Reference || destination is not sbyte[] y) return false;
        PoolFastKernels.MaxPool(inputs[0].AsInt8(), Geometry(inputs[0].Shape), y);
        return true;
    }
}
