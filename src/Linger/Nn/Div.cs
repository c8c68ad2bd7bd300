using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Elementwise quotient: float until Init, then iqDiv (<c>thinker::iqDiv</c>, linger-spec §3.19):
/// <c>SAT8(floor(x·2^(q_o + q_y − q_x) / y + 0.5))</c> in double, a zero divisor saturating (0/0 = 0). The output
/// scale comes from the running maximum of the finite quotients. The venus chip computes iqDiv wrongly, so
/// export for venus refuses it (divide by a constant with <see cref="MulScalar"/>(1/c)).
/// </summary>
public sealed class Div : IqBinaryOp
{
    /// <summary>Creates the op.</summary>
    public Div(string name = "div") : base(name) { }

    private protected override string OpName => "Div";

    private protected override Tensor Float(Tensor x, Tensor y) => x / y;

    private protected override int? MaxOutputExponent(Pow2Scale sx, Pow2Scale sy) => null;

    private protected override double BatchMax(Tensor fx, Tensor fy)
    {
        var q = fx / fy;
        return Quantization.ActivationQuantizer.MaxAbs(q.masked_fill(q.isfinite().logical_not(), 0));
    }

    private protected override Tensor Exact(Tensor xi, Pow2Scale sx, Tensor yi, Pow2Scale sy, Pow2Scale so)
    {
        // A −0.0 divisor would give the opposite infinity to the runtime's integer 0.
        var divisor = where(yi.eq(0), zeros_like(yi), yi);
        var q = xi.mul(Math.ScaleB(1.0, so.Exponent + sy.Exponent - sx.Exponent)).div_(divisor).add_(0.5).floor_();
        return IqOpMath.Sat8(q.nan_to_num_(0.0, QuantRange.Max(IqOpMath.Bits), QuantRange.Min(IqOpMath.Bits)));
    }
}
