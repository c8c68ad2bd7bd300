using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::BmmInt(x:int8, y:int8)</c> with scale_x, scale_y, scale_o: x [B, M, K] · y [B, K, N] (or 2-D),
/// SAT8(RSH(Σ x·y, q_x + q_y − q_o)) by the Numerics kernel <see cref="Numerics.Kernels.BmmInt"/> that the
/// training op's eval path calls. Only int8 output (chip-facts: the chip writes nothing for 16/32 bits).
/// </summary>
internal sealed class BmmIntOp : OpNode
{
    private readonly Pow2Scale _sx, _sy, _so;

    public BmmIntOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        _sx = a.GetScale(AttributeNames.ScaleX);
        _sy = a.GetScale(AttributeNames.ScaleY);
        _so = a.GetScale(AttributeNames.ScaleO);
        a.CheckBits(AttributeNames.DataBits, 8);
        a.CheckBits(AttributeNames.OBits, 8);
        if (_sx.Exponent + _sy.Exponent < _so.Exponent)
            throw new LingerException($"{where}: scale_o {_so} is finer than scale_x·scale_y = 2^{_sx.Exponent + _sy.Exponent}; the chip cannot shift left here (the packer asserts q_x + q_y − q_o ≥ 0).");
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        int[] xs = inputs[0].Shape, ys = inputs[1].Shape; // checked against each other by the contract at Infer
        var (b, m, k, n) = xs.Length == 2 ? (1, xs[0], xs[1], ys[1]) : (xs[0], xs[1], xs[2], ys[2]);
        var z = new sbyte[(long)b * m * n];
        Numerics.Kernels.BmmInt.Multiply(inputs[0].AsInt8(), _sx.Exponent, inputs[1].AsInt8(), _sy.Exponent, z, _so.Exponent, b, m, k, n);
        return [z];
    }
}
