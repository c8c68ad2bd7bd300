using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::Requant(x)</c> with data_bits, scale_x, scale_o, o_bits: the Numerics <see cref="Requant"/> kernel
/// (rounding right shift or exact left shift, saturated to o_bits). The venus limits are the contract's.
/// </summary>
internal sealed class RequantOp : OpNode
{
    private readonly int _inBits, _outBits;
    private readonly Pow2Scale _sx, _so;

    public RequantOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        _inBits = (int)a.GetInt(AttributeNames.DataBits);
        _outBits = (int)a.GetInt(AttributeNames.OBits);
        _sx = a.GetScale(AttributeNames.ScaleX);
        _so = a.GetScale(AttributeNames.ScaleO);
        Requant.Validate(_inBits, _sx.Exponent, _outBits, _so.Exponent, RequantSemantics.Generic, where);
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0];
        int n = x.Length;
        Array y = _outBits switch { 8 => new sbyte[n], 16 => new short[n], _ => new int[n] };
        for (int i = 0; i < n; i++)
        {
            long v = Requant.Value(x.GetInteger(i), _sx.Exponent, _outBits, _so.Exponent);
            switch (y)
            {
                case sbyte[] b: b[i] = (sbyte)v; break;
                case short[] s: s[i] = (short)v; break;
                case int[] w: w[i] = (int)v; break;
            }
        }
        return [y];
    }
}
