using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Dialect.Ops;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// The data-movement ops on int8 (or float) tensors: standard Transpose, Slice, Gather, Split and thinker
/// iqPad, ShuffleChannel. Each output is an <see cref="IndexMap"/> of the input; values and scale unchanged.
/// Constant inputs (starts, indices, pads, value) are read at load.
/// </summary>
internal sealed class MovementOp : OpNode
{
    private readonly Dictionary<int, long[]> _constants = new();
    private readonly NodeAttributes _a;

    public MovementOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx) : base(node, where)
    {
        _a = a;
        for (int i = 1; i < Inputs.Length; i++)
        {
            if (!HasInput(i)) continue;
            var t = ctx.RequireConstant(Inputs[i], where, Contract.InputPort(i).Name);
            _constants[i] = Enumerable.Range(0, t.Length).Select(t.GetInteger).ToArray();
        }
    }

    protected override long[]? ConstantValue(int input) => _constants.TryGetValue(input, out var v) ? v : null;

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0];
        var view = View(inputs.Select(t => t is null ? null : ValueMeta.Of(t)).ToArray());
        switch (OpType)
        {
            case OpTypes.Transpose:
            {
                var perm = _a.Set.Ints("perm", Enumerable.Range(0, x.Shape.Length).Reverse().Select(i => (long)i).ToArray()).Select(p => (int)p).ToArray();
                return [IndexMap.Take(x.Data, IndexMap.Transpose(x.Shape, perm))];
            }
            case OpTypes.Slice:
            {
                var (start, step, shape) = SliceGeometry.Of(view);
                return [IndexMap.Take(x.Data, IndexMap.Slice(x.Shape, start, step, shape))];
            }
            case OpTypes.Gather:
            {
                long axis = _a.GetInt(AttributeNames.Axis, 0);
                int ax = (int)(axis < 0 ? axis + x.Shape.Length : axis);
                return [IndexMap.Take(x.Data, IndexMap.Gather(x.Shape, ax, _constants[1], outputs[0].Shape, inputs[1].Shape.Length))];
            }
            case OpTypes.Split:
            {
                long axis = _a.GetInt(AttributeNames.Axis, 0);
                int ax = (int)(axis < 0 ? axis + x.Shape.Length : axis);
                var parts = new Array[outputs.Length];
                int offset = 0;
                for (int k = 0; k < parts.Length; k++)
                {
                    var start = new int[x.Shape.Length];
                    start[ax] = offset;
                    parts[k] = IndexMap.Take(x.Data, IndexMap.Slice(x.Shape, start, Enumerable.Repeat(1, x.Shape.Length).ToArray(), outputs[k].Shape));
                    offset += outputs[k].Shape[ax];
                }
                return parts;
            }
            case OpTypes.IqPad:
            {
                string mode = _a.TryGetString(AttributeNames.Mode) ?? "constant";
                long fill = _constants.TryGetValue(2, out var v) && v.Length > 0 ? v[0] : 0;
                return [IndexMap.Take(x.Data, IndexMap.Pad(x.Shape, _constants[1], mode, outputs[0].Shape), fill)];
            }
            default: // ShuffleChannel
                return [IndexMap.Take(x.Data, IndexMap.ShuffleChannel(x.Shape, (int)_a.GetInt(AttributeNames.Groups)))];
        }
    }
}
