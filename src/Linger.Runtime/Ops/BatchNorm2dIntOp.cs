using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::BatchNorm2dInt(x:int8 [N,C,...], alpha:int8 [C], beta:int32 [C], running_mean, running_var)</c>
/// with scale_x, scale_w, scale_o (int8 out; float without scale_o). Mean/var are ignored, as on the chip.
/// </summary>
internal sealed class BatchNorm2dIntOp : AccumulatorOpNode
{
    private readonly int _c;
    private readonly sbyte[] _alpha;
    private readonly int[] _beta;

    public BatchNorm2dIntOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where, a)
    {
        var w = ctx.RequireConstant(Inputs[1], where, "weight (alpha)");
        if (w.ElementType != TensorElementType.Int8 || w.Length == 0)
            throw new LingerException($"{where}: weight '{w.Name}' must be int8 [C], is {w.ElementType}[{RuntimeTensor.FormatShape(w.Shape)}].");
        _alpha = w.AsInt8();
        _c = _alpha.Length;
        _beta = ReadBias(ctx, where, _c, "bias (beta)");
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0];
        int n = x.Shape[0], inner = x.Length / Math.Max(1, n * _c);
        long[] acc = BatchNorm2dIntKernel.Accumulate(x.AsInt8(), n, _c, inner, _alpha, _beta);
        return OutputScale is null
            ? [LinearIntKernel.ToFloat(acc, InputScale.Exponent + WeightScale.Exponent)]
            : [LinearIntKernel.RequantizeInt8(acc, Shift)];
    }
}
