using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// <c>F.pad(x, pad, mode, value)</c> on a quantized tensor: iqPad (<c>thinker::iqPad</c>, linger-spec §3.25), scale
/// kept. <see cref="Padding"/> is torch's order (last dim first: left, right, top, bottom, ...). Constant mode
/// pads with the value on the input's grid (<c>SAT8(floor(value·2^q_x + 0.5))</c>); reflect and replicate (ONNX
/// "edge") run on the generic target only: the venus packer swaps them, so export for venus refuses them.
/// </summary>
public sealed class Pad : ShapeOp
{
    /// <summary>Creates the op.</summary>
    /// <param name="padding">torch's pad list (pairs from the last dim).</param>
    /// <param name="mode"><c>constant</c>, <c>reflect</c> or <c>replicate</c>.</param>
    /// <param name="value">The constant-mode fill value.</param>
    /// <param name="name">The module name.</param>
    public Pad(long[] padding, string mode = "constant", double value = 0, string name = "pad") : base(name)
    {
        if (padding.Length % 2 != 0 || padding.Any(p => p < 0)) throw new LingerException($"Linger.Nn.Pad '{name}': padding [{string.Join(", ", padding)}] needs non-negative (begin, end) pairs.");
        if (mode is not ("constant" or "reflect" or "replicate")) throw new LingerException($"Linger.Nn.Pad '{name}': mode '{mode}' is not constant, reflect or replicate.");
        Padding = padding;
        Mode = mode;
        Value = value;
    }

    /// <summary>torch's pad list.</summary>
    public long[] Padding { get; }

    /// <summary>constant, reflect or replicate.</summary>
    public string Mode { get; }

    /// <summary>The constant-mode fill value.</summary>
    public double Value { get; }

    private static sbyte FillOnGrid(double value, Pow2Scale s) => (sbyte)Saturation.Clamp((long)Math.Floor(value * s.Value + 0.5), 8);

    private protected override Tensor Apply(Tensor x)
    {
        var mode = Mode switch { "reflect" => PaddingModes.Reflect, "replicate" => PaddingModes.Replicate, _ => PaddingModes.Constant };
        double value = Value;
        if (QuantTags.Get(x) is { } tag && Mode == "constant") value = FillOnGrid(Value, tag.Scale) / tag.Scale.Value;
        return nn.functional.pad(x, Padding, mode, value);
    }

    /// <summary>ONNX pads [begin of each dim..., end of each dim...] from torch's list.</summary>
    private long[] OnnxPads(long rank)
    {
        var pads = new long[2 * rank];
        for (int k = 0; k < Padding.Length / 2; k++)
        {
            long dim = rank - 1 - k;
            pads[dim] = Padding[2 * k];
            pads[dim + rank] = Padding[2 * k + 1];
        }
        return pads;
    }

    internal override Export.Handlers.MovementNode Describe(Tensor input, Tensor output)
    {
        var constants = new List<Export.CapturedInitializer> { Export.CapturedInitializers.Int64("pads", OnnxPads(input.dim())) };
        if (Mode == "constant")
        {
            var s = QuantTags.Get(input)?.Scale ?? throw new LingerException($"Linger.Nn.Pad '{GetName()}': iqPad pads an int8 tensor, but its input is not quantized.");
            constants.Add(new Export.CapturedInitializer("value", OnnxDataTypes.Int8, [], new[] { FillOnGrid(Value, s) }));
        }
        return new(OpTypes.IqPad, new() { [AttributeNames.Mode] = Mode == "replicate" ? "edge" : Mode }, constants, ThinkerDialect.Domain);
    }
}
