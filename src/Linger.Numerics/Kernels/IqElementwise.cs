namespace LingerNet.Numerics.Kernels;

/// <summary>
/// Per-element integer formulas of the iq tensor ops without a chip measurement of their own (iqSub, iqDiv,
/// iqMax, iqClamp; linger-spec §3.19, §3.22, §3.24) and the rescale-sum of iqSum (§3.20), as linger intends them.
/// The quantized modules compute the same values in float64 tensors; the runtime calls these.
/// </summary>
public static class IqElementwise
{
    /// <summary>iqSub: <c>SAT8(RSH(x, q_x − q_o) − RSH(y, q_y − q_o))</c> (q_o ≤ q_x, q_y, as iqAdd).</summary>
    public static sbyte Sub(long x, int qx, long y, int qy, int qo)
        => Saturation.ToInt8(RoundingShift.Right(x, qx - qo) - RoundingShift.Right(y, qy - qo));

    /// <summary>
    /// iqDiv: <c>SAT8(floor(x·2^(q_o + q_y − q_x) / y + 0.5))</c> in IEEE double (the quotient of the values at
    /// scale 2^q_o); a zero divisor gives ±saturation (0 for 0/0), as linger's float division then clamp.
    /// </summary>
    public static sbyte Div(long x, int qx, long y, int qy, int qo)
    {
        double v = Math.Floor(x * Math.ScaleB(1.0, qo + qy - qx) / y + 0.5);
        if (double.IsNaN(v)) return 0;
        return v >= sbyte.MaxValue ? sbyte.MaxValue : v <= sbyte.MinValue ? sbyte.MinValue : (sbyte)v;
    }

    /// <summary>iqMax: both operands at the coarser scale q_o (rounding right shift), then the larger.</summary>
    public static sbyte Max(long x, int qx, long y, int qy, int qo)
        => Saturation.ToInt8(Math.Max(RoundingShift.Right(x, qx - qo), RoundingShift.Right(y, qy - qo)));

    /// <summary>iqClamp: the value at Q(q_o) (rescaled and saturated to int8), and at least 0 when <paramref name="nonNegative"/>.</summary>
    public static sbyte Clamp(long x, int qx, int qo, bool nonNegative)
    {
        long v = RoundingShift.Rescale(x, qx, qo, 8);
        return (sbyte)(nonNegative && v < 0 ? 0 : v);
    }

    /// <summary>iqSum's output: the exact integer sum at Q(q_x) rescaled to Q(q_o) and saturated to int8.</summary>
    public static sbyte RescaleSum(long sum, int qx, int qo) => (sbyte)RoundingShift.Rescale(sum, qx, qo, 8);
}
