using LingerNet.Numerics.Dialect;

namespace LingerNet.Export.Handlers;

/// <summary>
/// <c>thinker::Requant</c> nodes (linger-spec §2.5): written for a module that changes bit width in front of its
/// own node (iqSigmoid/iqTanh's 8 → 16 bits), named after the module path with the suffix <c>.requant</c>.
/// </summary>
internal static class RequantExport
{
    /// <summary>The Requant node of <paramref name="call"/>, owned by <paramref name="module"/>.</summary>
    public static CapturedOp Build(ExportCapture capture, TorchSharp.torch.nn.Module module, RequantCall call)
    {
        var op = new CapturedOp
        {
            ModulePath = capture.PathOf(module) + ".requant",
            ModuleType = module.GetType().Name,
            OpType = OpTypes.Requant,
            Domain = ThinkerDialect.Domain,
            Inputs = [new CapturedInput(call.Input, InputRule.Int8, call.ScaleX, call.InBits)],
            Outputs = [CapturedOutput.Of(call.Output, OnnxDataTypes.IntOfBits(call.OutBits), call.ScaleO)],
        };
        op.Attributes[AttributeNames.DataBits] = (long)call.InBits;
        op.Attributes[AttributeNames.ScaleX] = call.ScaleX.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = call.ScaleO.FloatValue;
        op.Attributes[AttributeNames.OBits] = (long)call.OutBits;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }
}
