using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::Conv2dInt</c> with its geometry.</summary>
internal sealed class Conv2dIntExport : QuantizedLayerExport<Conv2dInt>
{
    protected override string OpType => OpTypes.Conv2dInt;

    protected override List<CapturedInitializer> Constants(Conv2dInt layer, LayerCall call, Tensor weightIntegers, int accExponent)
        => WeightAndBias(layer, call, weightIntegers, accExponent);

    protected override void AddAttributes(Conv2dInt layer, Dictionary<string, object> attributes)
    {
        foreach (var (k, v) in layer.NodeAttributes()) attributes[k] = v;
        attributes[AttributeNames.CastorMode] = AttributeValues.CastorModeLuna;
    }
}
