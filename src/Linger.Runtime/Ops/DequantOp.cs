using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary><c>thinker::Dequant(scale_o)</c>: int8 → float32, q·2^−n.</summary>
internal sealed class DequantOp : OpNode
{
    public DequantOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        Scale = a.GetScale(AttributeNames.ScaleO);
    }

    public Pow2Scale Scale { get; }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) =>
        KernelSelection.Current != KernelPath.Reference && inputs[0].Data is sbyte[] x
            ? [ElementwiseFastKernels.Dequant(x, Scale)]
            : [DequantKernel.Run(inputs[0], Scale)];

    public override bool ExecuteInto(RuntimeTensor[] inputs, ValueMeta[] outputs, Array destination)
    {
        if (KernelSelection.Current == KernelPath.Reference || inputs[0].Data is not sbyte[] x || destination is not float[] y) return false;
        ElementwiseFastKernels.Dequant(x, Scale, y);
        return true;
    }
}
