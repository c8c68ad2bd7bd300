namespace LingerNet.Numerics;

/// <summary>
/// The venus chip's sigmoid and tanh (luna <c>sigmoid</c>/<c>tanh</c> and their <c>*_int8</c> forms),
/// exactly as linger-spec §3.17 states them: a 16-segment piecewise-linear function of an int16 Q11
/// input giving Q15, and the int8 Q7 reduction <c>clamp((y15 + 128) &gt;&gt; 8, −128, 127)</c>.
/// Verified exhaustively against the chip simulator (all 65,536 inputs, golden file in the tests).
/// </summary>
public static class PiecewiseSigmoidTanh
{
    // Segment j (1-based) is the first with |x| ≤ B[j]; the tables below are indexed by j − 1.
    private static readonly int[] SigmoidBands =
        [0, 971, 1699, 2347, 2974, 3614, 4291, 5026, 5861, 6831, 7864, 8987, 10375, 11594, 13168, 14730, 32768];
    private static readonly int[] SigmoidSlopes =
        [32316, 29471, 25891, 22068, 18225, 29057, 22206, 16113, 10881, 27353, 16611, 9242, 4618, 20670, 8610, 693];
    private static readonly int[] SigmoidBiasPositive =
        [16384, 16721, 17464, 18559, 19954, 21585, 23380, 25249, 27121, 28807, 30096, 31107, 31839, 32199, 32502, 32724];
    private static readonly int[] SigmoidBiasNegative =
        [16384, 16047, 15304, 14209, 12814, 11183, 9388, 7519, 5647, 3961, 2672, 1661, 929, 569, 266, 44];

    private static readonly int[] TanhBands =
        [0, 512, 888, 1226, 1558, 1899, 2264, 2670, 3146, 3734, 4297, 4761, 5466, 6151, 7193, 8093, 32768];
    private static readonly int[] TanhSlopes =
        [32266, 29154, 25374, 21309, 17272, 26886, 19904, 13765, 8599, 19497, 12047, 7324, 3373, 26820, 5531, 337];
    private static readonly int[] TanhBias =
        [0, 778, 2417, 4851, 7922, 11474, 15334, 19335, 23303, 26699, 28653, 30026, 31344, 31981, 32565, 32725];

    // Per-segment extra shift: sigmoid 13/14/16/19, tanh 11/12/14/18 for segments 1–5 / 6–9 / 10–13 / 14–16.
    private static int SegmentShift(int j, int s1, int s2, int s3, int s4) => j <= 5 ? s1 : j <= 9 ? s2 : j <= 13 ? s3 : s4;

    /// <summary>The 1-based segment j: the first with |x| ≤ bands[j] (|x| ≤ 32768 always lands in 1..16).</summary>
    private static int Segment(int[] bands, int absX)
    {
        for (int j = 1; j < bands.Length; j++)
            if (absX <= bands[j]) return j;
        return bands.Length - 1;
    }

    /// <summary>
    /// luna <c>sigmoid</c>: Q11 in, Q15 out. <c>y15 = floor(slope·x / 2^shift) + bias</c> with x signed
    /// and the bias of the sign of x.
    /// </summary>
    public static int SigmoidQ15(short xQ11)
    {
        int x = xQ11;
        int j = Segment(SigmoidBands, Math.Abs(x));
        int shift = SegmentShift(j, 13, 14, 16, 19);
        long prod = (long)SigmoidSlopes[j - 1] * x;
        int bias = x >= 0 ? SigmoidBiasPositive[j - 1] : SigmoidBiasNegative[j - 1];
        return (int)(prod >> shift) + bias; // >> on a signed long is floor division by 2^shift
    }

    /// <summary>
    /// luna <c>tanh</c>: Q11 in, Q15 out, odd: with a = |x| (−32768 → 32767),
    /// <c>floor(slope·a / 2^shift) + bias</c> for x ≥ 0 and <c>floor(−slope·a / 2^shift) − bias</c> for x &lt; 0.
    /// </summary>
    public static int TanhQ15(short xQ11)
    {
        int x = xQ11;
        int a = x == short.MinValue ? short.MaxValue : Math.Abs(x);
        int j = Segment(TanhBands, a);
        int shift = SegmentShift(j, 11, 12, 14, 18);
        long prod = (long)TanhSlopes[j - 1] * a;
        return x >= 0
            ? (int)(prod >> shift) + TanhBias[j - 1]
            : (int)(-prod >> shift) - TanhBias[j - 1];
    }

    /// <summary>The chip's Q15 → Q7 reduction of the <c>*_int8</c> kernels: <c>clamp((y15 + 128) &gt;&gt; 8, −128, 127)</c>.</summary>
    public static sbyte Q15ToQ7(int yQ15) => Saturation.ToInt8((yQ15 + 128) >> 8);

    /// <summary>luna <c>sigmoid_int8</c>: Q11 in, Q7 out (in [0, 127]).</summary>
    public static sbyte SigmoidQ7(short xQ11) => Q15ToQ7(SigmoidQ15(xQ11));

    /// <summary>luna <c>tanh_int8</c>: Q11 in, Q7 out.</summary>
    public static sbyte TanhQ7(short xQ11) => Q15ToQ7(TanhQ15(xQ11));
}
