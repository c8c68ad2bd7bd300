using LingerNet.Numerics.Dialect;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::iqCat</c> (linger-spec §3.21); a negative dim is written as its positive form.</summary>
internal sealed class IqCatExport : ExportHandler<Nn.Cat, CatCall>
{
    protected override CapturedOp Build(ExportCapture capture, Nn.Cat module, CatCall c)
    {
        var op = Node(capture, module, OpTypes.IqCat, ThinkerDialect.Domain,
            c.Inputs.Select((t, i) => (CapturedInput?)new CapturedInput(t, InputRule.Int8, c.Scales[i])).ToArray(),
            [CapturedOutput.Of(c.Output, OnnxDataTypes.Int8, c.ScaleO)]);
        for (int i = 0; i < c.Scales.Length; i++) op.Attributes[AttributeNames.ScaleXAt(i)] = c.Scales[i].FloatValue;
        op.Attributes[AttributeNames.ScaleO] = c.ScaleO.FloatValue;
        op.Attributes[AttributeNames.Dim] = c.Dim < 0 ? c.Dim + c.Output.dim() : c.Dim;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }
}
