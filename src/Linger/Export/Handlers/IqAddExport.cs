using LingerNet.Numerics.Dialect;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::iqAdd</c> (linger-spec §3.16).</summary>
internal sealed class IqAddExport : ExportHandler<Nn.Add, AddCall>
{
    protected override CapturedOp Build(ExportCapture capture, Nn.Add module, AddCall c)
    {
        var op = Node(capture, module, OpTypes.IqAdd, ThinkerDialect.Domain,
            [new CapturedInput(c.X, InputRule.Int8, c.ScaleX), new CapturedInput(c.Y, InputRule.Int8, c.ScaleY)],
            [CapturedOutput.Of(c.Output, OnnxDataTypes.Int8, c.ScaleO)]);
        op.Attributes[AttributeNames.ScaleX] = c.ScaleX.FloatValue;
        op.Attributes[AttributeNames.ScaleY] = c.ScaleY.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = c.ScaleO.FloatValue;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        op.Attributes[AttributeNames.Mode] = AttributeValues.NonT710Mode;
        return op;
    }
}
