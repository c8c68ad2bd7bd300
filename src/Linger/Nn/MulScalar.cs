using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Product with a constant: float until Init, then iqMul with an int8 0-d constant (linger's iqMulScalar,
/// linger-spec §3.18): c is quantized at its own scale (the largest 2^n with |c|·2^n ≤ 127), then
/// <c>SAT8(RSH(x·c_q, q_x + q_c − q_o))</c>, q_o from the running maximum of |x·c_q| and at most q_x + q_c.
/// </summary>
public sealed class MulScalar : IqUnaryOp
{
    /// <summary>Creates the op multiplying by <paramref name="factor"/>.</summary>
    public MulScalar(double factor, string name = "mul_scalar") : base(name)
    {
        if (!double.IsFinite(factor)) throw new LingerException($"Linger.Nn.MulScalar '{name}': factor {factor} is not finite.");
        Factor = factor;
        (QuantizedFactor, FactorScale) = IqOpMath.Constant(factor);
    }

    /// <summary>The float factor.</summary>
    public double Factor { get; }

    /// <summary>The int8 factor the chip multiplies by.</summary>
    public sbyte QuantizedFactor { get; }

    /// <summary>The scale of <see cref="QuantizedFactor"/>.</summary>
    public Pow2Scale FactorScale { get; }

    private double FactorOnGrid => QuantizedFactor / FactorScale.Value;

    private protected override Tensor Float(Tensor x) => x * Factor;

    private protected override double BatchMax(Tensor fx) => Quantization.ActivationQuantizer.MaxAbs(fx) * Math.Abs(FactorOnGrid);

    private protected override int? MaxOutputExponent(Pow2Scale sx) => sx.Exponent + FactorScale.Exponent;

    private protected override Tensor Exact(Tensor xi, Pow2Scale sx, Pow2Scale so)
        => IqOpMath.Sat8(IqOpMath.Rsh(xi * QuantizedFactor, sx.Exponent + FactorScale.Exponent - so.Exponent));
}
