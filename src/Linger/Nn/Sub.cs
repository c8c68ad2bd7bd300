using LingerNet.Numerics;
using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Elementwise difference: float until Init, then iqSub (<c>thinker::iqSub</c>): as <see cref="Add"/> with the
/// second operand subtracted, <c>SAT8(RSH(x, q_x − q_o) − RSH(y, q_y − q_o))</c>. The venus chip computes iqSub
/// wrongly, so export for venus refuses it: use Add with the operand negated by <see cref="MulScalar"/>(−1).
/// </summary>
public sealed class Sub : IqBinaryOp
{
    /// <summary>Creates the op.</summary>
    public Sub(string name = "sub") : base(name) { }

    private protected override string OpName => "Sub";

    private protected override Tensor Float(Tensor x, Tensor y) => x - y;

    private protected override int? MaxOutputExponent(Pow2Scale sx, Pow2Scale sy) => Math.Min(sx.Exponent, sy.Exponent);

    private protected override double BatchMax(Tensor fx, Tensor fy)
        => Math.Max(Math.Max(ActivationQuantizer.MaxAbs(fx), ActivationQuantizer.MaxAbs(fy)), ActivationQuantizer.MaxAbs(fx - fy));

    private protected override Tensor Exact(Tensor xi, Pow2Scale sx, Tensor yi, Pow2Scale sy, Pow2Scale so)
        => IqOpMath.Sat8(IqOpMath.Rsh(xi, sx.Exponent - so.Exponent).sub_(IqOpMath.Rsh(yi, sy.Exponent - so.Exponent)));
}
