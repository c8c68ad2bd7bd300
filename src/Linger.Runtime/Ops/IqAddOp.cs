using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::iqAdd(x:int8, y:int8)</c> with scale_x, scale_y, scale_o: identical shapes, and the output
/// scale no finer than either input (the chip refuses q_x &lt; q_o or q_y &lt; q_o).
/// </summary>
internal sealed class IqAddOp : OpNode, IReluFusable
{
    private readonly Pow2Scale _sx, _sy, _so;

    public IqAddOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        _sx = a.GetScale(AttributeNames.ScaleX);
        _sy = a.GetScale(AttributeNames.ScaleY);
        _so = a.GetScale(AttributeNames.ScaleO);
        if (_sx.Exponent < _so.Exponent || _sy.Exponent < _so.Exponent)
            throw new LingerException($"{where}: scale_o {_so} is finer than scale_x {_sx} or scale_y {_sy}; the chip requires q_x ≥ q_o and q_y ≥ q_o (it returns an error otherwise).");
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) =>
        KernelSelection.Current == KernelPath.Reference
            ? [IqAddKernel.Run(inputs[0].AsInt8(), _sx.Exponent - _so.Exponent, inputs[1].AsInt8(), _sy.Exponent - _so.Exponent)]
            : [ElementwiseFastKernels.IqAdd(inputs[0].AsInt8(), _sx.Exponent - _so.Exponent, inputs[1].AsInt8(), _sy.Exponent - _so.Exponent)];

    public override bool ExecuteInto(RuntimeTensor[] inputs, ValueMeta[] outputs, Array destination) =>
        Into(inputs, destination, relu: false);

    public bool CanFuseRelu => true;

    public bool MayOverwriteInputs => true;

    public bool ExecuteIntoWithRelu(RuntimeTensor[] inputs, ValueMeta[] outputs, Array destination) =>
        Into(inputs, destination, relu: true);

    private bool Into(RuntimeTensor[] inputs, Array destination, bool relu)
    {
        if (KernelSelection.Current == KernelPath.Reference || destination is not sbyte[] z
            || inputs[0].Length != z.Length || inputs[1].Length != z.Length) return false;
        ElementwiseFastKernels.IqAdd(inputs[0].AsInt8(), _sx.Exponent - _so.Exponent, inputs[1].AsInt8(), _sy.Exponent - _so.Exponent, z, relu);
        return true;
    }
}
