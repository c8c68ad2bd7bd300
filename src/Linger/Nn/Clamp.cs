using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Clamp to the chip's bounds: float until Init, then iqClamp (<c>thinker::iqClamp</c>, linger-spec §3.22).
/// Only bounds the chip supports: max = 127/2^n for an integer n (127, 63.5, 7.9375, 3.96875, ...) and min = 0 or
/// −128/2^n. The output scale is 2^n (fixed, no statistics): x is rescaled to Q(n) and saturated, then kept ≥ 0
/// when min = 0.
/// </summary>
public sealed class Clamp : IqUnaryOp
{
    /// <summary>Creates the op; the bounds must be ones the chip supports.</summary>
    /// <exception cref="LingerException">max is not 127/2^n, or min is neither 0 nor −128/2^n.</exception>
    public Clamp(double min, double max, string name = "clamp") : base(name)
    {
        int n = max > 0 ? (int)Math.Round(Math.Log2(127 / max)) : 0;
        double exactMax = 127 / Math.ScaleB(1.0, n);
        if (!(max > 0) || Math.Abs(max - exactMax) > 1e-9 * exactMax || (min != 0 && Math.Abs(min + 128 / Math.ScaleB(1.0, n)) > 1e-9 * exactMax))
            throw new LingerException(
                $"Linger.Nn.Clamp '{name}': bounds [{min}, {max}] are not supported by iqClamp. max must be 127/2^n for an integer n " +
                $"(e.g. 127, 63.5, 7.9375, 3.96875) and min 0 or −128/2^n (for max {exactMax}: min 0 or {-128 / Math.ScaleB(1.0, n)}).");
        Min = min;
        Max = exactMax;
        OutScale = new Pow2Scale(n);
    }

    /// <summary>The lower bound (0 or −128/2^n).</summary>
    public double Min { get; }

    /// <summary>The upper bound 127/2^n.</summary>
    public double Max { get; }

    /// <summary>The output scale 2^n.</summary>
    public Pow2Scale OutScale { get; }

    private protected override Tensor Float(Tensor x) => x.clamp(Min, Max);

    private protected override Pow2Scale OutputScale(Tensor fx, Pow2Scale sx) => OutScale;

    private protected override Tensor Exact(Tensor xi, Pow2Scale sx, Pow2Scale so)
    {
        var y = IqOpMath.Rescale(xi, sx.Exponent, so.Exponent);
        return Min == 0 ? y.clamp_min_(0) : y;
    }
}
