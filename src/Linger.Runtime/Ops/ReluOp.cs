using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>Standard <c>Relu</c> on int8/int16/int32 (same scale) or float32.</summary>
internal sealed class ReluOp : OpNode
{
    public ReluOp(NodeProto node, string where) : base(node, where) { }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) => inputs[0].Data switch
    {
        sbyte[] x => KernelSelection.Current == KernelPath.Reference ? [ReluKernel.Run(x)] : [ElementwiseFastKernels.Relu(x)],
        short[] x => [ReluKernel.Run(x)],
        int[] x => [ReluKernel.Run(x)],
        _ => [ReluKernel.Run(inputs[0].AsFloat32())],
    };

    public override bool ExecuteInto(RuntimeTensor[] inputs, ValueMeta[] outputs, Array destination)
    {
        if (KernelSelection.Current == KernelPath.Reference || inputs[0].Data is not sbyte[] x || destination is not sbyte[] y) return false;
        ElementwiseFastKernels.Relu(x, y);
        return true;
    }
}
