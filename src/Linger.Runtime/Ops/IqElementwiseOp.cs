using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// The same-shape two-operand iq ops with scale_x, scale_y, scale_o (iqSub, iqDiv, iqMax): one
/// <see cref="IqElementwise"/> formula per element. The venus refusals are the contracts'.
/// </summary>
internal sealed class IqElementwiseOp : OpNode
{
    /// <summary>An element formula: (x, q_x, y, q_y, q_o) → int8.</summary>
    public delegate sbyte Formula(long x, int qx, long y, int qy, int qo);

    private readonly Formula _formula;
    private readonly int _qx, _qy, _qo;

    public IqElementwiseOp(NodeProto node, string where, NodeAttributes a, Formula formula) : base(node, where)
    {
        _formula = formula;
        _qx = a.GetScale(AttributeNames.ScaleX).Exponent;
        _qy = a.GetScale(AttributeNames.ScaleY).Exponent;
        _qo = a.GetScale(AttributeNames.ScaleO).Exponent;
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0].AsInt8();
        var y = inputs[1].AsInt8();
        var z = new sbyte[x.Length];
        for (int i = 0; i < z.Length; i++) z[i] = _formula(x[i], _qx, y[i], _qy, _qo);
        return [z];
    }
}
