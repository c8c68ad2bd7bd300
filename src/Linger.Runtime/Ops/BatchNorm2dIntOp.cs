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
internal sealed class BatchNorm2dIntOp : OpNode
{
    private readonly Pow2Scale _sx, _sw;
    private readonly Pow2Scale? _so;
    private readonly int _shift, _c;
    private readonly sbyte[] _alpha;
    private readonly int[] _beta;

    public BatchNorm2dIntOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where)
    {
        ExpectInputs(3, 5);
        _sx = a.GetScale(AttributeNames.ScaleX);
        _sw = a.GetScale(AttributeNames.ScaleW);
        _so = ScaleChecks.OptionalOutput(a);
        if (_so is { } so) _shift = ScaleChecks.Shift(where, _sx, _sw, so);
        a.CheckBits(AttributeNames.DataBits, 4, 8);
        a.CheckBits(AttributeNames.ParameterBits, 4, 8);
        var w = ctx.RequireConstant(Inputs[1], where, "weight (alpha)");
        if (w.ElementType != TensorElementType.Int8 || w.Length == 0)
            throw new LingerException($"{where}: weight '{w.Name}' must be int8 [C], is {w.ElementType}[{RuntimeTensor.FormatShape(w.Shape)}].");
        _alpha = w.AsInt8();
        _c = _alpha.Length;
        var b = ctx.RequireConstant(Inputs[2], where, "bias (beta)");
        if (b.ElementType != TensorElementType.Int32 || b.Length != _c)
            throw new LingerException($"{where}: bias '{b.Name}' must be int32 [{_c}], is {b.ElementType}[{RuntimeTensor.FormatShape(b.Shape)}].");
        _beta = b.AsInt32();
    }

    public override ValueMeta[] Infer(ValueMeta[] inputs)
    {
        var x = inputs[0];
        ExpectType(x, 0, TensorElementType.Int8);
        ScaleChecks.InputAt(Where, Inputs[0], AttributeNames.ScaleX, x, _sx);
        if (x.Shape.Length < 2 || x.Shape[1] != _c)
            throw new LingerException($"{Where}: input '{Inputs[0]}' has shape [{RuntimeTensor.FormatShape(x.Shape)}] but must be [N, {_c}, ...].");
        return _so is { } so
            ? [new ValueMeta(TensorElementType.Int8, x.Shape, so.Exponent)]
            : [new ValueMeta(TensorElementType.Float32, x.Shape, null)];
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0];
        int n = x.Shape[0], inner = x.Length / Math.Max(1, n * _c);
        long[] acc = BatchNorm2dIntKernel.Accumulate(x.AsInt8(), n, _c, inner, _alpha, _beta);
        return _so is null
            ? [LinearIntKernel.ToFloat(acc, _sx.Exponent + _sw.Exponent)]
            : [LinearIntKernel.RequantizeInt8(acc, _shift)];
    }
}
