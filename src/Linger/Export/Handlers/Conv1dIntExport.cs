using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::Conv1dInt</c> with its 1-D geometry (no castor_mode, as linger-spec §3.2).</summary>
internal sealed class Conv1dIntExport : QuantizedLayerExport<Conv1dInt>
{
    protected override string OpType => OpTypes.Conv1dInt;

    protected override List<CapturedInitializer> Constants(Conv1dInt layer, LayerCall call, Tensor weightIntegers, int accExponent)
        => WeightAndBias(layer, call, weightIntegers, accExponent);

    protected override void AddAttributes(Conv1dInt layer, Dictionary<string, object> attributes)
    {
        foreach (var (k, v) in layer.NodeAttributes()) attributes[k] = v;
    }
}
