using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Sum with a constant: float until Init, then iqAdd with an int8 constant operand (linger's iqAddScalar,
/// linger-spec §3.16). The output scale follows iqAdd (running maximum of max(|x|, |x + c|), never finer than
/// x); the constant is written at the output scale, <c>c_q = SAT8(floor(c·2^q_o + 0.5))</c>, as a tensor of x's
/// shape (venus iqAdd needs identical shapes), so <c>z = SAT8(RSH(x, q_x − q_o) + c_q)</c>. linger instead
/// exports a float constant with scale_y = 1, which the chip rounds differently.
/// </summary>
public sealed class AddScalar : IqUnaryOp
{
    /// <summary>Creates the op adding <paramref name="value"/>.</summary>
    public AddScalar(double value, string name = "add_scalar") : base(name)
    {
        if (!double.IsFinite(value)) throw new LingerException($"Linger.Nn.AddScalar '{name}': value {value} is not finite.");
        Value = value;
    }

    /// <summary>The float constant.</summary>
    public double Value { get; }

    /// <summary>The int8 constant at the output scale.</summary>
    public sbyte QuantizedValue(Pow2Scale so) => (sbyte)Saturation.Clamp((long)Math.Floor(Value * so.Value + 0.5), IqOpMath.Bits);

    private protected override Tensor Float(Tensor x) => x + Value;

    private protected override double BatchMax(Tensor fx) => Math.Max(Quantization.ActivationQuantizer.MaxAbs(fx), Quantization.ActivationQuantizer.MaxAbs(fx + Value));

    private protected override int? MaxOutputExponent(Pow2Scale sx) => sx.Exponent;

    private protected override Tensor Exact(Tensor xi, Pow2Scale sx, Pow2Scale so)
        => IqOpMath.Sat8(IqOpMath.Rsh(xi, sx.Exponent - so.Exponent).add_(QuantizedValue(so)));
}
