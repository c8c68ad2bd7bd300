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
        ExpectInputs(1, 1);
        Scale = a.GetScale(AttributeNames.ScaleO);
    }

    public Pow2Scale Scale { get; }

    public override ValueMeta[] Infer(ValueMeta[] inputs)
    {
        ExpectType(inputs[0], 0, TensorElementType.Int8, TensorElementType.Int16, TensorElementType.Int32);
        return [new ValueMeta(TensorElementType.Float32, inputs[0].Shape, null)];
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) =>
        KernelSelection.Current != KernelPath.Reference && inputs[0].Data is sbyte[] x
            ? [ElementwiseFastKernels.Dequant(x, Scale)]
            : [DequantKernel.Run(inputs[0], Scale)];
}
