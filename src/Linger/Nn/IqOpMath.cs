using LingerNet.Numerics;
using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Exact integer arithmetic of the iq ops on float64 tensors of integers (every value below 2^52, so each step
/// is exact): the same formulas as <see cref="Numerics.Kernels.IqElementwise"/>, which the runtime uses.
/// </summary>
internal static class IqOpMath
{
    public const int Bits = 8;

    /// <summary>RSH(v, s) = floor(v / 2^s + 0.5); s ≤ 0 leaves v unchanged (these ops never shift left).</summary>
    public static Tensor Rsh(Tensor ints, int shift) => shift <= 0 ? ints.clone() : ints.mul(Math.ScaleB(1.0, -shift)).add_(0.5).floor_();

    /// <summary>From Q(from) to Q(to): rounding right shift or exact left shift, then SAT8 (RoundingShift.Rescale).</summary>
    public static Tensor Rescale(Tensor ints, int from, int to)
        => (to >= from ? ints.mul(Math.ScaleB(1.0, to - from)) : Rsh(ints, from - to)).clamp_(QuantRange.Min(Bits), QuantRange.Max(Bits));

    /// <summary>SAT8 in place.</summary>
    public static Tensor Sat8(Tensor t) => t.clamp_(QuantRange.Min(Bits), QuantRange.Max(Bits));

    /// <summary>The float tensor on the grid of <paramref name="s"/> holding <paramref name="ints"/>.</summary>
    public static Tensor OnGrid(Tensor ints, Pow2Scale s, ScalarType dtype) => ints.div(s.Value).to_type(dtype);

    /// <summary>The tagged output: the exact value, with the float path's gradient in training.</summary>
    public static Tensor Output(bool training, Tensor floatPath, Tensor exact, Pow2Scale so)
        => QuantTags.Tag(training ? Add.StraightThrough(floatPath, exact) : exact, new QuantInfo(so, Bits));

    /// <summary>An int8 constant c at its own scale: the largest exponent with |c|·2^n ≤ 127, value floor(c·2^n + 0.5).</summary>
    public static (sbyte Value, Pow2Scale Scale) Constant(double c)
    {
        var s = Pow2Scale.FromMaxAbs(Math.Abs(c), Bits);
        return ((sbyte)Saturation.Clamp((long)Math.Floor(c * s.Value + 0.5), Bits), s);
    }

    public static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
