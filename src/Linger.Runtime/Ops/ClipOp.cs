using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>Standard <c>Clip(x:int8, [min:int8], [max:int8])</c>: clamp on the int8 values, same scale (linger's ReLU6Int).</summary>
internal sealed class ClipOp : OpNode
{
    private readonly sbyte _min = sbyte.MinValue, _max = sbyte.MaxValue;

    public ClipOp(NodeProto node, string where, LoadContext ctx) : base(node, where)
    {
        if (HasInput(1)) _min = Scalar(ctx.RequireConstant(Inputs[1], where, "min"), where, "min");
        if (HasInput(2)) _max = Scalar(ctx.RequireConstant(Inputs[2], where, "max"), where, "max");
        if (_min > _max) throw new LingerException($"{where}: min {_min} is greater than max {_max}.");
    }

    private static sbyte Scalar(RuntimeTensor t, string where, string what)
        => t.ElementType == TensorElementType.Int8 && t.Length == 1 ? t.AsInt8()[0]
           : throw new LingerException($"{where}: {what} '{t.Name}' must hold one int8 value, is {t.ElementType}[{RuntimeTensor.FormatShape(t.Shape)}].");

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0].AsInt8();
        var y = new sbyte[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = Math.Clamp(x[i], _min, _max);
        return [y];
    }
}
