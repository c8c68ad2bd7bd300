using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary><c>thinker::Quant(data_bits, scale_x, platform_quant)</c>: float32 → int8 at scale_x.</summary>
internal sealed class QuantOp : OpNode
{
    public QuantOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        Scale = a.GetScale(AttributeNames.ScaleX);
        a.CheckBits(AttributeNames.DataBits, 8);
    }

    public Pow2Scale Scale { get; }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) =>
        KernelSelection.Current == KernelPath.Reference
            ? [QuantKernel.Run(inputs[0].AsFloat32(), Scale)]
            : [ElementwiseFastKernels.Quant(inputs[0].AsFloat32(), Scale)];

    public override bool ExecuteInto(RuntimeTensor[] inputs, ValueMeta[] outputs, Array destination)
    {
        if (KernelSelection.Current == KernelPath.Reference || destination is not sbyte[] y) return false;
        ElementwiseFastKernels.Quant(inputs[0].AsFloat32(), Scale, y);
        return true;
    }
}
