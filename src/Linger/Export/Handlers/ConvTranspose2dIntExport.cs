using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::ConvTranspose2dInt</c> with its geometry and always a bias (zero when the float layer has none: the venus packer needs one).</summary>
internal sealed class ConvTranspose2dIntExport : QuantizedLayerExport<ConvTranspose2dInt>
{
    protected override string OpType => OpTypes.ConvTranspose2dInt;

    protected override List<CapturedInitializer> Constants(ConvTranspose2dInt layer, LayerCall call, Tensor weightIntegers, int accExponent)
    {
        var list = WeightAndBias(layer, call, weightIntegers, accExponent);
        if (call.Bias is null) list.Add(CapturedInitializers.Int("bias", zeros(layer.Weight.shape[1] * layer.Groups, dtype: ScalarType.Float64), 32));
        return list;
    }

    protected override void AddAttributes(ConvTranspose2dInt layer, Dictionary<string, object> attributes)
    {
        foreach (var (k, v) in layer.NodeAttributes()) attributes[k] = v;
    }
}
