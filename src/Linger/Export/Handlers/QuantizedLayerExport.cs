using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>
/// The node of a layer with a weight (linger-spec §6.3): input x at scale_x with a Quant in front of a
/// float value, the weight at parameter_bits, the int32 bias at scale_x·scale_w, the common scale and
/// bit attributes, and an int(o_bits) output at scale_o (float without o_bits). Each layer adds its
/// own constant inputs and geometry.
/// </summary>
internal abstract class QuantizedLayerExport<TLayer> : ExportHandler<TLayer, LayerCall> where TLayer : QuantizedLayer
{
    /// <summary>The op type.</summary>
    protected abstract string OpType { get; }

    /// <summary>The constant inputs after x (weight, bias...).</summary>
    protected abstract List<CapturedInitializer> Constants(TLayer layer, LayerCall call, Tensor weightIntegers, int accExponent);

    /// <summary>Geometry attributes.</summary>
    protected virtual void AddAttributes(TLayer layer, Dictionary<string, object> attributes) { }

    /// <inheritdoc />
    protected override CapturedOp Build(ExportCapture capture, TLayer layer, LayerCall call)
    {
        var cfg = layer.Config;
        int accExponent = call.InputScale.Exponent + call.WeightScale.Exponent;
        var wq = layer.QuantizeWeight(call.Weight, call.WeightScale);
        var outType = cfg.OutBits is int bits ? OnnxDataTypes.IntOfBits(bits) : OnnxDataTypes.Float;
        var op = Node(capture, layer, OpType, ThinkerDialect.Domain,
            [new CapturedInput(call.Input, InputRule.Int8, call.InputScale, cfg.DataBits)],
            [CapturedOutput.Of(call.Output, outType, cfg.OutBits is null ? null : call.OutputScale)],
            Constants(layer, call, wq, accExponent));
        AddAttributes(layer, op.Attributes);
        op.Attributes[AttributeNames.ScaleX] = call.InputScale.FloatValue;
        op.Attributes[AttributeNames.ScaleW] = call.WeightScale.FloatValue;
        op.Attributes[AttributeNames.DataBits] = (long)cfg.DataBits;
        op.Attributes[AttributeNames.ParameterBits] = (long)cfg.ParameterBits;
        if (call.OutputScale is { } so && cfg.OutBits is int ob)
        {
            op.Attributes[AttributeNames.ScaleO] = so.FloatValue;
            op.Attributes[AttributeNames.OBits] = (long)ob;
        }
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }

    /// <summary>The weight and, when present, the int32 bias at scale_x·scale_w.</summary>
    protected static List<CapturedInitializer> WeightAndBias(TLayer layer, LayerCall call, Tensor weightIntegers, int accExponent)
    {
        var list = new List<CapturedInitializer> { CapturedInitializers.Int("weight", weightIntegers, layer.Config.ParameterBits) };
        if (call.Bias is not null) list.Add(CapturedInitializers.Int("bias", QuantizedLayer.QuantizeBias(call.Bias, accExponent), 32));
        return list;
    }
}
