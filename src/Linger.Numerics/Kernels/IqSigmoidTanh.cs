namespace LingerNet.Numerics.Kernels;

/// <summary>
/// iqSigmoid / iqTanh as one graph pair: <c>Requant</c> (int8 at Q(q_x) → int16 at Q(q_x + 8), an exact
/// left shift) then the Q11 → Q7 tables (<see cref="PiecewiseSigmoidTanh"/>). At an int16 exponent ≥ 11 this
/// is <see cref="VenusSigmoidTanh"/> (the chip's computation). Below Q11 the chip feeds the value to the
/// table unscaled (wrong, refused for venus); linger's intended semantics, which the generic target runs,
/// shift left into Q11 and saturate to int16 (linger-spec §3.17).
/// </summary>
public static class IqSigmoidTanh
{
    /// <summary>The int16 value at Q11: <c>SAT16(RSH(x, q − 11))</c>, or <c>SAT16(x·2^(11 − q))</c> below Q11 (generic only).</summary>
    public static short ToQ11(long x, int q)
        => q >= VenusSigmoidTanh.TableInputExponent
            ? Saturation.ToInt16(RoundingShift.Right(x, q - VenusSigmoidTanh.TableInputExponent))
            : Saturation.ToInt16(RoundingShift.Rescale(x, q, VenusSigmoidTanh.TableInputExponent, 32));

    /// <summary>Q7 output of sigmoid (<paramref name="sigmoid"/>) or tanh of the int16 value <paramref name="x"/> at exponent <paramref name="q16"/>.</summary>
    public static sbyte Apply(long x, int q16, bool sigmoid)
    {
        short x11 = ToQ11(x, q16);
        return sigmoid ? PiecewiseSigmoidTanh.SigmoidQ7(x11) : PiecewiseSigmoidTanh.TanhQ7(x11);
    }

    /// <summary>
    /// The 256 Q7 outputs for int8 inputs −128..127 at exponent <paramref name="qX8"/>, through the ×256 Requant
    /// (index = x + 128). Any exponent (linger's semantics); equal to the chip's for q_x ≥ 3.
    /// </summary>
    public static sbyte[] Int8Table(int qX8, bool sigmoid)
    {
        var y = new sbyte[256];
        for (int i = 0; i < 256; i++) y[i] = Apply((i - 128) << VenusSigmoidTanh.Int8ToInt16Shift, qX8 + VenusSigmoidTanh.Int8ToInt16Shift, sigmoid);
        return y;
    }

    /// <summary>The smallest int8 input exponent whose ×256 Requant reaches Q11 (3: |x| ≤ 16).</summary>
    public const int MinInt8InputExponent = VenusSigmoidTanh.TableInputExponent - VenusSigmoidTanh.Int8ToInt16Shift;

    /// <summary>
    /// For an int8 input coarser than Q3 (|x| may exceed 16): the exponents of the int8 → int8 up-scaling Requants
    /// (each ≤ 6 bits, what venus computes correctly) that bring it to Q3 before the ×256 Requant. Saturating at
    /// ±16 changes no output: both tables are saturated there (sigmoid 0/127, tanh −128/127), and linger's own
    /// Q11 saturation gives the same values, so the chain equals <see cref="Int8Table"/> at the original exponent.
    /// Empty when <paramref name="qX8"/> ≥ 3.
    /// </summary>
    public static IReadOnlyList<int> Int8UpScaleSteps(int qX8)
    {
        var steps = new List<int>();
        for (int q = qX8; q < MinInt8InputExponent;)
        {
            q += Math.Min(Requant.MaxVenusInt8UpShift, MinInt8InputExponent - q);
            steps.Add(q);
        }
        return steps;
    }
}
