using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Elementwise maximum of two tensors: float until Init, then iqMax (<c>thinker::iqMax</c>, linger-spec §3.24):
/// both operands at the coarser input scale (rounding right shift), then the larger. linger labels the float
/// maximum with the coarser scale without re-quantizing; here the finer operand is re-quantized so every
/// output is on the grid. No output statistics. Not measured on the chip: this follows linger.
/// </summary>
public sealed class Max : IqBinaryOp
{
    /// <summary>Creates the op.</summary>
    public Max(string name = "max") : base(name) { }

    private protected override string OpName => "Max";

    private protected override Tensor Float(Tensor x, Tensor y) => maximum(x, y);

    private protected override int? MaxOutputExponent(Pow2Scale sx, Pow2Scale sy) => Math.Min(sx.Exponent, sy.Exponent);

    private protected override Pow2Scale OutputScale(Tensor fx, Pow2Scale sx, Tensor fy, Pow2Scale sy) => new(Math.Min(sx.Exponent, sy.Exponent));

    private protected override Tensor Exact(Tensor xi, Pow2Scale sx, Tensor yi, Pow2Scale sy, Pow2Scale so)
        => IqOpMath.Sat8(maximum(IqOpMath.Rsh(xi, sx.Exponent - so.Exponent), IqOpMath.Rsh(yi, sy.Exponent - so.Exponent)));
}
