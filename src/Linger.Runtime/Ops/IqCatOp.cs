using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::iqCat(x0..xn:int8)</c> with scale_x_0..scale_x_n, scale_o, dim (negative allowed).
/// An up-scale of 7 bits or more (q_o − q_i ≥ 7) is refused: the chip negates or zeroes it (defect).
/// </summary>
internal sealed class IqCatOp : OpNode
{
    private readonly Pow2Scale[] _sx;
    private readonly Pow2Scale _so;
    private readonly int _dim;

    public IqCatOp(NodeProto node, string where, NodeAttributes a) : base(node, where)
    {
        _so = a.GetScale(AttributeNames.ScaleO);
        _sx = new Pow2Scale[Inputs.Length];
        for (int i = 0; i < _sx.Length; i++)
        {
            _sx[i] = a.GetScale(AttributeNames.ScaleXAt(i));
        }
        _dim = (int)a.GetInt(AttributeNames.Dim, 0);
    }

    private int Axis(int rank)
    {
        int d = _dim < 0 ? _dim + rank : _dim;
        if (d < 0 || d >= rank) throw new LingerException($"{Where}: dim = {_dim} is out of range for rank {rank}.");
        return d;
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var parts = inputs.Select((t, i) => (t.AsInt8(), t.Shape, _sx[i].Exponent)).ToList();
        return KernelSelection.Current == KernelPath.Reference
            ? [IqCatKernel.Run(parts, Axis(outputs[0].Shape.Length), _so.Exponent, outputs[0].Shape)]
            : [IqCatFastKernel.Run(parts, Axis(outputs[0].Shape.Length), _so.Exponent, outputs[0].Shape)];
    }
}
