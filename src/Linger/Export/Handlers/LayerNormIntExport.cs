using LingerNet.Modules;
using LingerNet.Numerics.Dialect;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::LayerNormInt(x:int8, W:int16, b:int32)</c> (linger-spec §6.3).</summary>
internal sealed class LayerNormIntExport : ExportHandler<LayerNormInt, LayerNormCall>
{
    protected override CapturedOp Build(ExportCapture capture, LayerNormInt module, LayerNormCall c)
    {
        var op = Node(capture, module, OpTypes.LayerNormInt, ThinkerDialect.Domain,
            [new CapturedInput(c.Input, InputRule.Int8, c.ScaleX)],
            [CapturedOutput.Of(c.Output, OnnxDataTypes.Int8, c.ScaleO)],
            [CapturedInitializers.Int("weight", c.WeightIntegers, LayerNormInt.WeightBits), CapturedInitializers.Int("bias", c.BiasIntegers, 32)]);
        op.Attributes[AttributeNames.ScaleX] = c.ScaleX.FloatValue;
        op.Attributes[AttributeNames.ScaleW] = c.ScaleW.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = c.ScaleO.FloatValue;
        op.Attributes[AttributeNames.DataBits] = 8L;
        op.Attributes[AttributeNames.ParameterBits] = (long)LayerNormInt.WeightBits;
        op.Attributes[AttributeNames.OBits] = 8L;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }
}
