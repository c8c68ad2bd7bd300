using LingerNet.Numerics.Dialect;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::SoftmaxInt</c> / <c>thinker::LogSoftmaxInt</c> (linger-spec §6.3): x:int8, scale_x, data_bits, dim, scale_o, o_bits.</summary>
internal sealed class SoftmaxIntExport<TOp>(string opType) : ExportHandler<TOp, SoftmaxCall> where TOp : Nn.RowSoftmaxOp
{
    protected override CapturedOp Build(ExportCapture capture, TOp module, SoftmaxCall c)
    {
        var op = Node(capture, module, opType, ThinkerDialect.Domain,
            [new CapturedInput(c.X, InputRule.Int8, c.ScaleX)],
            [CapturedOutput.Of(c.Output, OnnxDataTypes.Int8, c.ScaleO)]);
        op.Attributes[AttributeNames.ScaleX] = c.ScaleX.FloatValue;
        op.Attributes[AttributeNames.DataBits] = 8L;
        op.Attributes[AttributeNames.Dim] = c.Dim;
        op.Attributes[AttributeNames.ScaleO] = c.ScaleO.FloatValue;
        op.Attributes[AttributeNames.OBits] = 8L;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }
}
