using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// Base of the ops whose integer accumulator sits at exponent q_x + q_w (Conv2dInt, LinearInt,
/// BatchNorm2dInt): they read scale_x, scale_w and an optional scale_o the same way, refuse a negative
/// shift, and give an int8 output at scale_o, or float32 acc / 2^(q_x+q_w) when there is no scale_o.
/// </summary>
internal abstract class AccumulatorOpNode : OpNode
{
    protected AccumulatorOpNode(NodeProto node, string where, NodeAttributes a, params int[] outputBits) : base(node, where)
    {
        InputScale = a.GetScale(AttributeNames.ScaleX);
        WeightScale = a.GetScale(AttributeNames.ScaleW);
        OutputScale = outputBits.Length == 0 ? ScaleChecks.OptionalOutput(a) : ScaleChecks.OptionalOutput(a, outputBits);
        OutputBits = (int)a.GetInt(AttributeNames.OBits, 8);
        if (OutputScale is { } so) Shift = ScaleChecks.Shift(where, InputScale, WeightScale, so);
        a.CheckBits(AttributeNames.DataBits, 4, 8);
        a.CheckBits(AttributeNames.ParameterBits, 4, 8);
    }

    /// <summary>s_x.</summary>
    protected Pow2Scale InputScale { get; }

    /// <summary>s_w.</summary>
    protected Pow2Scale WeightScale { get; }

    /// <summary>s_o, or null for a float output.</summary>
    protected Pow2Scale? OutputScale { get; }

    /// <summary>The integer output width (o_bits, default 8).</summary>
    protected int OutputBits { get; }

    /// <summary>q_x + q_w − q_o (0 without an output scale).</summary>
    protected int Shift { get; }

    /// <summary>The int32 bias of input 2, at exponent q_x + q_w, with one value per output channel.</summary>
    protected int[] ReadBias(LoadContext ctx, string where, int channels, string what = "bias")
    {
        var b = ctx.RequireConstant(Inputs[2], where, what);
        if (b.ElementType != TensorElementType.Int32 || b.Length != channels)
            throw new LingerException($"{where}: bias '{b.Name}' must be int32 [{channels}], is {b.ElementType}[{RuntimeTensor.FormatShape(b.Shape)}].");
        return b.AsInt32();
    }
}
