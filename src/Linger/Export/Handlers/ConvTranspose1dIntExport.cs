using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>
/// ConvTranspose1dInt as three nodes: its reshapes (recorded as <see cref="PassThroughCall"/>s) become standard
/// <c>Reshape</c>s, its layer call a <c>thinker::ConvTranspose2dInt</c> over [N, C, L, 1] with weight [C, OC/g, k, 1].
/// </summary>
internal sealed class ConvTranspose1dIntExport : IExportHandler
{
    private readonly Layer _layer = new();

    public CapturedOp Capture(ExportCapture capture, nn.Module module, object call) => call switch
    {
        PassThroughCall p => Reshape(capture, (ConvTranspose1dInt)module, p),
        _ => _layer.Capture(capture, module, call),
    };

    private static CapturedOp Reshape(ExportCapture capture, ConvTranspose1dInt m, PassThroughCall call)
        => new()
        {
            ModulePath = capture.PathOf(m),
            ModuleType = nameof(ConvTranspose1dInt),
            OpType = OpTypes.Reshape,
            Domain = ThinkerDialect.StandardDomain,
            Inputs = [new CapturedInput(call.Input, InputRule.Any)],
            Outputs = [CapturedOutput.PassThrough(call.Output)],
            Initializers = [CapturedInitializers.Int64("shape", call.Output.shape.ToArray())],
        };

    private sealed class Layer : QuantizedLayerExport<ConvTranspose1dInt>
    {
        protected override string OpType => OpTypes.ConvTranspose2dInt;

        protected override List<CapturedInitializer> Constants(ConvTranspose1dInt layer, LayerCall call, Tensor weightIntegers, int accExponent)
        {
            var list = WeightAndBias(layer, call, weightIntegers.unsqueeze(-1), accExponent);
            if (call.Bias is null) list.Add(CapturedInitializers.Int("bias", zeros(layer.Weight.shape[1] * layer.Groups, dtype: ScalarType.Float64), 32));
            return list;
        }

        protected override void AddAttributes(ConvTranspose1dInt layer, Dictionary<string, object> attributes)
        {
            foreach (var (k, v) in layer.NodeAttributes()) attributes[k] = v;
        }
    }
}
