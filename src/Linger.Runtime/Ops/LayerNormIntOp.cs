using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::LayerNormInt(x:int8, W:int16, b:int32)</c> with scale_x, scale_w, scale_o: the venus Q10
/// kernel <see cref="VenusLayerNorm"/> (the one the training module's eval path calls), over the last one
/// or two dims as the weight's size decides. A row whose T·Σx² reaches 2^31 fails with the kernel's message.
/// </summary>
internal sealed class LayerNormIntOp : OpNode
{
    private readonly Pow2Scale _sx, _sw, _so;
    private readonly short[] _w;
    private readonly int[] _b;

    public LayerNormIntOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where)
    {
        _sx = a.GetScale(AttributeNames.ScaleX);
        _sw = a.GetScale(AttributeNames.ScaleW);
        _so = a.GetScale(AttributeNames.ScaleO);
        a.CheckBits(AttributeNames.DataBits, 8);
        a.CheckBits(AttributeNames.ParameterBits, 16);
        a.CheckBits(AttributeNames.OBits, 8);
        var w = ctx.RequireConstant(Inputs[1], where, "weight");
        if (w.ElementType != TensorElementType.Int16 || w.Length == 0)
            throw new LingerException($"{where}: weight '{w.Name}' must be int16, is {w.ElementType}[{RuntimeTensor.FormatShape(w.Shape)}].");
        _w = w.AsInt16();
        var b = ctx.RequireConstant(Inputs[2], where, "bias");
        if (b.ElementType != TensorElementType.Int32 || b.Length != _w.Length)
            throw new LingerException($"{where}: bias '{b.Name}' must be int32 with {_w.Length} elements, is {b.ElementType}[{RuntimeTensor.FormatShape(b.Shape)}].");
        _b = b.AsInt32();
        if (_so.Exponent > VenusLayerNorm.NormalizedExponent + _sw.Exponent)
            throw new LingerException($"{where}: scale_o {_so} is finer than 2^(10 + q_w) = 2^{VenusLayerNorm.NormalizedExponent + _sw.Exponent}; the chip cannot shift left here.");
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0];
        var (_, t) = VenusLayerNorm.RowLayout(x.Shape, _w.Length);
        var y = new sbyte[x.Length];
        try
        {
            VenusLayerNorm.Normalize(x.AsInt8(), _sx.Exponent, _w, _sw.Exponent, _b, y, _so.Exponent, t);
        }
        catch (LingerException e)
        {
            throw new LingerException($"{Where}: {e.Message}");
        }
        return [y];
    }
}
