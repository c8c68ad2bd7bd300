using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>
/// <c>thinker::Requant</c> + <c>thinker::iqSigmoid</c> / <c>thinker::iqTanh</c> (linger-spec §3.17): the module
/// reports its Requant (a <see cref="RequantCall"/>) and then its table lookup (a <see cref="TableActivationCall"/>).
/// </summary>
internal sealed class IqSigmoidTanhExport : IExportHandler
{
    public CapturedOp Capture(ExportCapture capture, nn.Module module, object call)
    {
        if (call is RequantCall r) return RequantExport.BuildNode(capture, module, r, ".requant");
        var c = (TableActivationCall)call;
        var op = new CapturedOp
        {
            ModulePath = capture.PathOf(module),
            ModuleType = module.GetType().Name,
            OpType = module is Nn.Sigmoid ? OpTypes.IqSigmoid : OpTypes.IqTanh,
            Domain = ThinkerDialect.Domain,
            Inputs = [new CapturedInput(c.Wide, InputRule.Int8, c.ScaleWide, 16)],
            Outputs = [CapturedOutput.Of(c.Output, OnnxDataTypes.Int8, new Numerics.Pow2Scale(VenusSigmoidTanh.OutputExponent))],
        };
        op.Attributes[AttributeNames.ScaleX] = c.ScaleWide.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = new Numerics.Pow2Scale(VenusSigmoidTanh.OutputExponent).FloatValue;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        op.Attributes[AttributeNames.CastorMode] = AttributeValues.CastorModeLuna;
        return op;
    }
}
