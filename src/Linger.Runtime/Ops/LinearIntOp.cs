using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::LinearInt(x:int8 [..., N], W:int8 [L, N], [b:int32 [L]])</c> with scale_x, scale_w,
/// [scale_o, o_bits]. x is viewed as [M, N] (M = product of the leading dims); the output is [..., L].
/// </summary>
internal sealed class LinearIntOp : AccumulatorOpNode
{
    private readonly int _l, _n;
    private readonly sbyte[] _w;
    private readonly int[]? _b;
    private readonly PackedLinearWeights _packed;

    public LinearIntOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where, a, 8, 16, 32)
    {
        var w = ctx.RequireConstant(Inputs[1], where, "weight");
        if (w.ElementType != TensorElementType.Int8 || w.Shape.Length != 2 || w.Length == 0)
            throw new LingerException($"{where}: weight '{w.Name}' must be int8 [out, in], is {w.ElementType}[{RuntimeTensor.FormatShape(w.Shape)}].");
        _w = w.AsInt8();
        (_l, _n) = (w.Shape[0], w.Shape[1]);
        if (HasInput(2))
        {
            _b = ReadBias(ctx, where, _l);
        }
        _packed = new PackedLinearWeights(_w, _l, _n);
        _packed.Prepare(KernelSelection.Current);
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0].AsInt8();
        var path = KernelSelection.Current;
        long[] acc = path == KernelPath.Reference
            ? LinearIntKernel.Accumulate(x, x.Length / _n, _n, _w, _l, _b)
            : LinearIntFastKernel.Accumulate(x, x.Length / _n, _packed, _b, path);
        return OutputScale is null
            ? [LinearIntKernel.ToFloat(acc, InputScale.Exponent + WeightScale.Exponent)]
            : OutputBits == 8 ? [LinearIntKernel.RequantizeInt8(acc, Shift)] : [WideOutputKernel.Requantize(acc, Shift, OutputBits)];
    }
}
