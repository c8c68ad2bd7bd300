using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// Standard <c>Reshape(data, shape)</c>: the shape is an int64 initializer or Constant; 0 copies the
/// input dimension (allowzero = 0), −1 is inferred. Pure data movement (scale kept).
/// </summary>
internal sealed class ReshapeOp : OpNode
{
    private readonly long[] _target;

    public ReshapeOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where)
    {
        ExpectInputs(2, 2);
        var s = ctx.RequireConstant(Inputs[1], where, "shape");
        if (s.ElementType != TensorElementType.Int64 || s.Shape.Length != 1)
            throw new LingerException($"{where}: shape '{s.Name}' must be a 1-D int64 tensor, is {s.ElementType}[{RuntimeTensor.FormatShape(s.Shape)}].");
        if (a.GetInt(Numerics.Dialect.AttributeNames.AllowZero, 0) != 0)
            throw new LingerException($"{where}: allowzero = 1 is not supported.");
        _target = s.AsInt64();
        if (_target.Count(v => v == -1) > 1 || _target.Any(v => v < -1 || v > int.MaxValue))
            throw new LingerException($"{where}: shape [{string.Join(", ", _target)}] is invalid (at most one −1, no other negatives).");
    }

    public override ValueMeta[] Infer(ValueMeta[] inputs)
    {
        var x = inputs[0];
        long total = RuntimeTensor.ElementCount(x.Shape, Where);
        var shape = new int[_target.Length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long v = _target[i];
            if (v == 0)
            {
                if (i >= x.Shape.Length) throw new LingerException($"{Where}: shape entry {i} is 0 but the input has rank {x.Shape.Length}.");
                v = x.Shape[i];
            }
            if (v == -1) { inferred = i; continue; }
            shape[i] = (int)v;
            known *= v;
        }
        if (inferred >= 0)
        {
            if (known == 0 || total % known != 0)
                throw new LingerException($"{Where}: cannot reshape [{RuntimeTensor.FormatShape(x.Shape)}] ({total} elements) to [{string.Join(", ", _target)}].");
            shape[inferred] = (int)(total / known);
        }
        else if (known != total)
            throw new LingerException($"{Where}: cannot reshape [{RuntimeTensor.FormatShape(x.Shape)}] ({total} elements) to [{string.Join(", ", _target)}].");
        return [x with { Shape = shape }];
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) => [inputs[0].Data];
}
