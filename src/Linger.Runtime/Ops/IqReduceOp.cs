using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::iqSum</c> (exact integer sum over dims, rescaled: <see cref="IqElementwise.RescaleSum"/>) and
/// <c>thinker::iqVar</c> (one dim, <see cref="IqVariance"/>).
/// </summary>
internal sealed class IqReduceOp : OpNode
{
    private readonly bool _variance, _unbiased;
    private readonly long[] _dims;
    private readonly int _qx, _qo;

    public IqReduceOp(NodeProto node, string where, NodeAttributes a, bool variance) : base(node, where)
    {
        _variance = variance;
        _qx = a.GetScale(AttributeNames.ScaleX).Exponent;
        _qo = a.GetScale(AttributeNames.ScaleO).Exponent;
        _dims = variance ? [a.GetInt(AttributeNames.Dim)] : a.Set.Ints(AttributeNames.Dims);
        _unbiased = a.GetInt(AttributeNames.Unbiased, 1) != 0;
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0].AsInt8();
        var shape = inputs[0].Shape;
        var reduced = _dims.Select(d => (int)(d < 0 ? d + shape.Length : d)).ToHashSet();
        if (_variance)
        {
            int axis = reduced.Single();
            int outer = shape[..axis].Aggregate(1, (p, d) => p * d), inner = shape[(axis + 1)..].Aggregate(1, (p, d) => p * d);
            var y = new sbyte[outer * inner];
            IqVariance.Apply(x, outer, shape[axis], inner, _qx, _qo, _unbiased, y);
            return [y];
        }
        // Output flat index of each input element: the coordinates of the kept dims.
        var keptShape = shape.Where((_, i) => !reduced.Contains(i)).ToArray();
        var keptStrides = Kernels.IndexMap.Strides(keptShape);
        var sums = new long[keptShape.Aggregate(1, (p, d) => p * d)];
        var c = new int[shape.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int o = 0;
            for (int k = 0, j = 0; k < shape.Length; k++) if (!reduced.Contains(k)) o += c[k] * keptStrides[j++];
            sums[o] += x[i];
            for (int k = c.Length - 1; k >= 0; k--) { if (++c[k] < shape[k]) break; c[k] = 0; }
        }
        return [sums.Select(s => IqElementwise.RescaleSum(s, _qx, _qo)).ToArray()];
    }
}
