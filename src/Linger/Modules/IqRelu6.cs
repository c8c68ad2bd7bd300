using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// ReLU6 on quantized data (linger's ReLU6Int, linger-spec §3.12): y_q = clamp(x_q, 0, max_q) at the input's
/// scale, max_q = min(round(6·2^q_x), 127) with Python's banker's rounding. Exported as the standard
/// <c>Clip(x, min:int8, max:int8)</c>; when max_q = 127 (q_x ≥ 5) the clamp is ReLU's, and the node is a
/// plain <c>Relu</c>, which venus runs (venus cannot run Clip: chip-facts).
/// </summary>
public sealed class IqRelu6 : ScalePreserving
{
    /// <summary>Creates the module.</summary>
    public IqRelu6(string name) : base(name) { }

    /// <summary>The int8 upper bound at exponent <paramref name="qx"/>: min(round_half_even(6·2^q_x), 127).</summary>
    public static int UpperBound(int qx) => (int)Math.Min(Math.Round(6.0 * Math.ScaleB(1.0, qx), MidpointRounding.ToEven), 127);

    /// <inheritdoc />
    protected override Tensor Op(Tensor x)
    {
        // A float (untagged) input stays float: torch's ReLU6.
        if (QuantTags.Get(x) is not { } tag) return nn.functional.relu6(x);
        double max = UpperBound(tag.Scale.Exponent) / tag.Scale.Value;
        // Gradient of hardtanh(0, 6) in training (linger's backward); the values sit on x's grid either way.
        return x.clamp(0.0, max);
    }
}
