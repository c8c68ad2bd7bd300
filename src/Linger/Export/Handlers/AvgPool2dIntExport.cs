using LingerNet.Modules;
using LingerNet.Numerics.Dialect;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::AvgPool2dInt</c>: the output keeps the input scale (linger-spec §3.10).</summary>
internal sealed class AvgPool2dIntExport : ExportHandler<AvgPool2dInt, ScaledCall>
{
    protected override CapturedOp Build(ExportCapture capture, AvgPool2dInt pool, ScaledCall call)
    {
        var sx = call.InputScale;
        var op = Node(capture, pool, OpTypes.AvgPool2dInt, ThinkerDialect.Domain,
            [new CapturedInput(call.Input, InputRule.Int8, sx, pool.Config.DataBits)],
            [CapturedOutput.Of(call.Output, OnnxDataTypes.Int8, sx)]);
        foreach (var (k, v) in pool.NodeAttributes()) op.Attributes[k] = v;
        op.Attributes[AttributeNames.DataBits] = (long)pool.Config.DataBits;
        op.Attributes[AttributeNames.ScaleX] = sx.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = sx.FloatValue;
        op.Attributes[AttributeNames.OBits] = (long)(pool.Config.OutBits ?? pool.Config.DataBits);
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }
}
