using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::BatchNorm2dInt</c>: folded α (flattened [C]), β at scale_x·scale_w, and the (ignored) running statistics.</summary>
internal sealed class BatchNorm2dIntExport : QuantizedLayerExport<BatchNorm2dInt>
{
    protected override string OpType => OpTypes.BatchNorm2dInt;

    protected override List<CapturedInitializer> Constants(BatchNorm2dInt layer, LayerCall call, Tensor weightIntegers, int accExponent)
    {
        var beta = call.Bias ?? zeros_like(call.Weight);
        return
        [
            CapturedInitializers.Int("weight", weightIntegers.flatten(), layer.Config.ParameterBits),
            CapturedInitializers.Int("bias", QuantizedLayer.QuantizeBias(beta, accExponent), 32),
            CapturedInitializers.Float("running_mean", layer.RunningMean),
            CapturedInitializers.Float("running_var", layer.RunningVar),
        ];
    }
}
