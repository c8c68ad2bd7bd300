using LingerNet.Modules;
using LingerNet.Numerics.Dialect;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::Gather(W:int8, indices:int64)</c> with scale_w = scale_o, parameter_bits and o_bits (linger-spec §3.9, §6.3).</summary>
internal sealed class EmbeddingIntExport : ExportHandler<EmbeddingInt, EmbeddingCall>
{
    protected override CapturedOp Build(ExportCapture capture, EmbeddingInt e, EmbeddingCall call)
    {
        var op = new CapturedOp
        {
            ModulePath = capture.PathOf(e),
            ModuleType = nameof(EmbeddingInt),
            OpType = OpTypes.ThinkerGather,
            Domain = ThinkerDialect.Domain,
            Inputs = [new CapturedInput(call.Indices, InputRule.Any)],
            Outputs = [CapturedOutput.Of(call.Output, OnnxDataTypes.Int8, call.WeightScale)],
            Initializers = [CapturedInitializers.Int("weight", call.WeightIntegers, e.Config.ParameterBits)],
            ConstantsFirst = true,
        };
        op.Attributes[AttributeNames.ScaleW] = call.WeightScale.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = call.WeightScale.FloatValue;
        op.Attributes[AttributeNames.ParameterBits] = (long)e.Config.ParameterBits;
        op.Attributes[AttributeNames.OBits] = 8L;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }
}
