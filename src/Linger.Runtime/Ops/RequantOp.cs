using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::Requant(x)</c> with data_bits, scale_x, scale_o, o_bits: integers moved between widths 8/16/32
/// and exponents by the Numerics kernel <see cref="Requant"/> (the one the training op's eval path calls).
/// The loader has already applied the venus rules when loading for venus; on the parameters venus accepts the
/// chip's and linger's semantics agree, so the generic semantics are run here.
/// </summary>
internal sealed class RequantOp : OpNode
{
    private readonly int _inBits, _outBits, _qIn, _qOut;

    public RequantOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        a.CheckBits(AttributeNames.DataBits, 8, 16, 32);
        a.CheckBits(AttributeNames.OBits, 8, 16, 32);
        _inBits = (int)a.GetInt(AttributeNames.DataBits);
        _outBits = (int)a.GetInt(AttributeNames.OBits);
        _qIn = a.GetScale(AttributeNames.ScaleX).Exponent;
        _qOut = a.GetScale(AttributeNames.ScaleO).Exponent;
        Requant.Validate(_inBits, _qIn, _outBits, _qOut, RequantSemantics.Generic, where);
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0];
        var wide = new int[x.Length];
        for (int i = 0; i < wide.Length; i++) wide[i] = (int)x.GetInteger(i);
        var y = new int[wide.Length];
        Requant.Apply(wide, _inBits, _qIn, y, _outBits, _qOut, RequantSemantics.Generic);
        return _outBits switch
        {
            8 => [Array.ConvertAll(y, v => (sbyte)v)],
            16 => [Array.ConvertAll(y, v => (short)v)],
            _ => [y],
        };
    }
}
