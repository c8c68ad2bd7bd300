using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// <c>thinker::GRUInt</c> (x, W_ih, W_hh, [b_ih, b_hh]), <c>GRUInt_Is8_Is64</c> (+ lengths at 1),
/// <c>GRUInt_Is8_Is64_If32</c> (+ lengths at 1, h0 at 2) and <c>thinker::LSTMInt</c> (x, lengths?, h0?, c0?, W_ih,
/// W_hh, [b_ih, b_hh]): one layer and direction through the Numerics cell kernels (<see cref="VenusGruCell"/>,
/// <see cref="VenusLstmCell"/>), the code the training side's eval runs. Outputs: int8 at scale_o, h_n float32
/// (int8 / 2^q_o), and for the LSTM c_n float32 (int16 Q7 / 2^7). h0 (c0) float32 inputs are rounded to int8 at
/// q_o (int16 Q7). This is linger's intended semantics for every option; what the venus chip cannot run is a
/// contract venus rule (refused when loading for venus).
/// </summary>
internal sealed class RecurrentIntOp : OpNode
{
    private readonly bool _lstm;
    private readonly int _lengthsAt, _h0At, _c0At;
    private readonly RecurrentParameters _p;
    private readonly GruFormula _formula;
    private readonly bool _batchFirst, _reverse;

    public RecurrentIntOp(NodeProto node, string where, NodeAttributes a, LoadContext ctx, bool lstm, int lengthsAt, int h0At, int c0At, int weightAt)
        : base(node, where)
    {
        _lstm = lstm;
        (_lengthsAt, _h0At, _c0At) = (lengthsAt, h0At, c0At);
        a.CheckBits(AttributeNames.DataBits, 8);
        a.CheckBits(AttributeNames.ParameterBits, 8);
        a.CheckBits(AttributeNames.OBits, 8);
        int gates = lstm ? 4 : 3;
        long inputSizeAttr = a.GetInt(AttributeNames.InputSize), hiddenAttr = a.GetInt(AttributeNames.HiddenSize);
        if (inputSizeAttr is < 1 or > 1 << 20 || hiddenAttr is < 1 or > 1 << 16)
            throw new LingerException($"{where}: input_size = {inputSizeAttr} and hidden_size = {hiddenAttr} must be positive (at most 2^20 and 2^16).");
        int inputSize = (int)inputSizeAttr, hidden = (int)hiddenAttr;
        var wIh = Weight(ctx, node.Input[weightAt], where, "W_ih", [gates * hidden, inputSize]);
        var wHh = Weight(ctx, node.Input[weightAt + 1], where, "W_hh", [gates * hidden, hidden]);
        var bIh = HasInput(weightAt + 2) ? Bias(ctx, node.Input[weightAt + 2], where, "b_ih", gates * hidden) : null;
        var bHh = HasInput(weightAt + 3) ? Bias(ctx, node.Input[weightAt + 3], where, "b_hh", gates * hidden) : null;
        try
        {
            _p = new RecurrentParameters(gates, inputSize, hidden, wIh, wHh, bIh, bHh,
                a.GetScale(AttributeNames.ScaleI).Exponent, a.GetScale(AttributeNames.ScaleIw).Exponent,
                a.GetScale(AttributeNames.ScaleHw).Exponent, a.GetScale(AttributeNames.ScaleO).Exponent);
            _formula = a.TryGetString(AttributeNames.GruFormula) == AttributeValues.GruFormulaChip ? GruFormula.Chip : GruFormula.Linger;
            if (!lstm) VenusGruCell.CheckParameters(_p, _formula);
        }
        catch (LingerException e)
        {
            throw new LingerException($"{where}: {e.Message}");
        }
        _batchFirst = a.GetInt(AttributeNames.BatchFirst, 0) != 0;
        _reverse = a.GetInt(AttributeNames.GoForward, 1) == 0;
    }

    private static sbyte[] Weight(LoadContext ctx, string name, string where, string what, int[] shape)
    {
        return ctx.RequireConstant(name, where, what) is var w && w.ElementType == TensorElementType.Int8 && w.Shape.SequenceEqual(shape)
            ? w.AsInt8()
            : throw new LingerException($"{where}: {what} must be int8 [{RuntimeTensor.FormatShape(shape)}].");
    }

    private static int[] Bias(LoadContext ctx, string name, string where, string what, int length)
    {
        var b = ctx.RequireConstant(name, where, what);
        return b.ElementType == TensorElementType.Int32 && b.Length == length
            ? b.AsInt32()
            : throw new LingerException($"{where}: {what} must be int32 [{length}], is {b.ElementType}[{RuntimeTensor.FormatShape(b.Shape)}].");
    }

    public override Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs)
    {
        var x = inputs[0];
        int t = x.Shape[_batchFirst ? 1 : 0], b = x.Shape[_batchFirst ? 0 : 1], h = _p.HiddenSize;
        int[] lengths = _lengthsAt >= 0 && _lengthsAt < inputs.Length && inputs[_lengthsAt] is { } l ? l.AsInt64().Select(v => (int)v).ToArray() : [];
        sbyte[] h0 = _h0At >= 0 && _h0At < inputs.Length && inputs[_h0At] is { } h0t
            ? h0t.AsFloat32().Select(v => (sbyte)Rounding.Quantize(v, new Pow2Scale(_p.QOutput), 8)).ToArray() : [];
        var output = new sbyte[t * b * h];
        var hFinal = new sbyte[b * h];
        float hScale = (float)Math.ScaleB(1.0, -_p.QOutput);
        try
        {
            if (!_lstm)
            {
                VenusGruCell.Run(_p, _formula, x.AsInt8(), t, b, _batchFirst, _reverse, lengths, h0, output, hFinal);
                return [output, hFinal.Select(v => v * hScale).ToArray()];
            }
            short[] c0 = _c0At >= 0 && _c0At < inputs.Length && inputs[_c0At] is { } c0t
                ? c0t.AsFloat32().Select(v => (short)Rounding.Quantize(v, new Pow2Scale(VenusLstmCell.CellExponent), 16)).ToArray() : [];
            var cFinal = new short[b * h];
            VenusLstmCell.Run(_p, x.AsInt8(), t, b, _batchFirst, _reverse, lengths, h0, c0, output, hFinal, cFinal);
            return [output, hFinal.Select(v => v * hScale).ToArray(), cFinal.Select(v => v / 128f).ToArray()];
        }
        catch (LingerException e)
        {
            throw new LingerException($"{Where}: {e.Message}");
        }
    }
}
