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
        var s = ctx.RequireConstant(Inputs[1], where, "shape");
        if (s.ElementType != TensorElementType.Int64 || s.Shape.Length != 1)
            throw new LingerException($"{where}: shape '{s.Name}' must be a 1-D int64 tensor, is {s.ElementType}[{RuntimeTensor.FormatShape(s.Shape)}].");
        _target = s.AsInt64();
    }

    protected override long[]? ConstantValue(int input) => input == 1 ? _target : null;

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs) => [inputs[0].Data];
}
