using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::LinearInt</c>.</summary>
internal sealed class LinearIntExport : QuantizedLayerExport<LinearInt>
{
    protected override string OpType => OpTypes.LinearInt;

    protected override List<CapturedInitializer> Constants(LinearInt layer, LayerCall call, Tensor weightIntegers, int accExponent)
        => WeightAndBias(layer, call, weightIntegers, accExponent);
}
