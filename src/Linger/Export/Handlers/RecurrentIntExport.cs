using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>
/// <c>thinker::GRUInt</c> / <c>GRUInt_Is8_Is64</c> / <c>GRUInt_Is8_Is64_If32</c> / <c>LSTMInt</c> (linger-spec §3.7, §3.8, §6.3):
/// one node per layer and direction (<c>go_forward</c>), the two directions joined by an iqCat on the feature
/// axis, lengths as a Constant int64 node. A stacked layer reads the previous node's output.
/// </summary>
internal sealed class RecurrentIntExport<TModule> : ExportHandler<TModule, RecurrentCall> where TModule : nn.Module
{
    protected override CapturedOp Build(ExportCapture capture, TModule module, RecurrentCall call) => call switch
    {
        RecurrentConstantCall c => Constant(capture, module, c),
        RecurrentConcatCall c => Concat(capture, module, c),
        RecurrentNodeCall c => Recurrent(capture, module, c),
        _ => throw new InvalidOperationException(call.GetType().Name),
    };

    private static CapturedOp Constant(ExportCapture capture, TModule module, RecurrentConstantCall c)
    {
        var values = c.Lengths.to_type(ScalarType.Int64).cpu().data<long>().ToArray();
        var op = Node(capture, module, OpTypes.Constant, ThinkerDialect.StandardDomain, [], [CapturedOutput.Of(c.Lengths, OnnxDataTypes.Int64, null)]);
        op.Attributes[AttributeNames.Value] = new CapturedInitializer("lengths", OnnxDataTypes.Int64, [values.LongLength], values);
        return op;
    }

    private static CapturedOp Concat(ExportCapture capture, TModule module, RecurrentConcatCall c)
    {
        var op = Node(capture, module, OpTypes.IqCat, ThinkerDialect.Domain,
            [new CapturedInput(c.Forward, InputRule.Int8, c.ScaleO), new CapturedInput(c.Reverse, InputRule.Int8, c.ScaleO)],
            [CapturedOutput.Of(c.Output, OnnxDataTypes.Int8, c.ScaleO)]);
        op.Attributes[AttributeNames.ScaleXAt(0)] = c.ScaleO.FloatValue;
        op.Attributes[AttributeNames.ScaleXAt(1)] = c.ScaleO.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = c.ScaleO.FloatValue;
        op.Attributes[AttributeNames.Dim] = 2L;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }

    private static CapturedOp Recurrent(ExportCapture capture, TModule module, RecurrentNodeCall c)
    {
        string path = capture.PathOf(module);
        string kind = c.Lstm ? "LSTMInt" : "GRUInt";
        if ((c.H0 is not null || c.C0 is not null) && c.NodesInModule > 1)
            throw new LingerException(
                $"Linger.Export: module '{path}' ({kind}) has an initial state and {c.NodesInModule} layers × directions; an initial state is exported " +
                "for a single-layer, single-direction layer only (each node needs its own [1, B, H] slice). Drop h0/c0, or split the layer.");
        if (c.Formula == GruFormula.Chip && capture.Options.Target != ChipTarget.Venus)
            throw new LingerException(
                $"Linger.Export: module '{path}' ({kind}) computes the venus chip's GRU formula (GruFormula.Chip); export it for the venus target, " +
                "or use GruFormula.Linger for a generic target.");
        var p = c.Parameters;
        var inputs = new List<CapturedInput?> { new(c.Input, InputRule.Int8, c.ScaleI) };
        var lengths = c.Lengths is null ? null : new CapturedInput(c.Lengths, InputRule.Any);
        var h0 = c.H0 is null ? null : new CapturedInput(c.H0, InputRule.Float);
        string opType;
        if (c.Lstm)
        {
            opType = OpTypes.LstmInt;
            inputs.AddRange([lengths, h0, c.C0 is null ? null : new CapturedInput(c.C0, InputRule.Float)]);
            // Trailing omitted optional inputs before the weights stay as empty names: the weights are at fixed positions.
        }
        else if (h0 is not null)
        {
            opType = OpTypes.GruIntIs8Is64If32;
            inputs.AddRange([lengths, h0]);
        }
        else if (lengths is not null)
        {
            opType = OpTypes.GruIntIs8Is64;
            inputs.Add(lengths);
        }
        else opType = OpTypes.GruInt;

        int rows = p.GateCount * p.HiddenSize;
        var constants = new List<CapturedInitializer>
        {
            new(c.Reverse ? "weight_ih_reverse" : "weight_ih", OnnxDataTypes.Int8, [rows, p.InputSize], p.WeightIh),
            new(c.Reverse ? "weight_hh_reverse" : "weight_hh", OnnxDataTypes.Int8, [rows, p.HiddenSize], p.WeightHh),
        };
        if (c.HasBias)
        {
            constants.Add(new(c.Reverse ? "bias_ih_reverse" : "bias_ih", OnnxDataTypes.Int32, [rows], p.BiasIh));
            constants.Add(new(c.Reverse ? "bias_hh_reverse" : "bias_hh", OnnxDataTypes.Int32, [rows], p.BiasHh));
        }
        var outputs = new List<CapturedOutput> { CapturedOutput.Of(c.Output, OnnxDataTypes.Int8, c.ScaleO), CapturedOutput.Of(c.HN, OnnxDataTypes.Float, null) };
        if (c.CN is not null) outputs.Add(CapturedOutput.Of(c.CN, OnnxDataTypes.Float, null));
        var op = Node(capture, module, opType, ThinkerDialect.Domain, inputs, outputs, constants);
        var a = op.Attributes;
        a[AttributeNames.InputSize] = (long)p.InputSize;
        a[AttributeNames.HiddenSize] = (long)p.HiddenSize;
        a[AttributeNames.NumLayers] = 1L;
        a[AttributeNames.BatchFirst] = c.BatchFirst ? 1L : 0L;
        a[AttributeNames.Dropout] = 0f;
        a[AttributeNames.GoForward] = c.Reverse ? 0L : 1L;
        a[AttributeNames.ScaleI] = c.ScaleI.FloatValue;
        a[AttributeNames.ScaleH] = c.ScaleO.FloatValue;
        a[AttributeNames.ScaleIw] = c.ScaleIw.FloatValue;
        a[AttributeNames.ScaleHw] = c.ScaleHw.FloatValue;
        a[AttributeNames.DataBits] = 8L;
        a[AttributeNames.ParameterBits] = 8L;
        a[AttributeNames.ScaleO] = c.ScaleO.FloatValue;
        a[AttributeNames.OBits] = 8L;
        a[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        if (c.Formula == GruFormula.Chip) a[AttributeNames.GruFormula] = AttributeValues.GruFormulaChip;
        return op;
    }
}
