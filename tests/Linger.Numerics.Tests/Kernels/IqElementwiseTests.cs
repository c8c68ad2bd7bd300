using CsCheck;
using LingerNet.Numerics.Kernels;
using Xunit;

namespace LingerNet.Numerics.Tests.Kernels;

public class IqElementwiseTests
{
    private static sbyte Sat8(double v) => (sbyte)Math.Clamp(v, -128, 127);

    private static double Rsh(long v, int s) => s <= 0 ? v : Math.Floor(v / Math.Pow(2, s) + 0.5);

    [Fact]
    public void Sub_EveryPair_EqualsRescaleEachThenSaturatedDifference()
    {
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 6]).Sample((dx, dy) =>
        {
            for (int x = -128; x < 128; x++)
                for (int y = -128; y < 128; y += 3)
                    Assert.Equal(Sat8(Rsh(x, dx) - Rsh(y, dy)), IqElementwise.Sub(x, 5 + dx, y, 5 + dy, 5));
        }, iter: 10);
    }

    [Fact]
    public void Div_EveryPair_EqualsRoundHalfUpOfExactQuotient()
    {
        Gen.Select(Gen.Int[-3, 3], Gen.Int[-2, 8]).Sample((dq, qo) =>
        {
            int qx = 4, qy = 4 + dq;
            for (int x = -128; x < 128; x++)
                for (int y = -128; y < 128; y++)
                {
                    sbyte expected;
                    if (y == 0) expected = x > 0 ? (sbyte)127 : x < 0 ? (sbyte)-128 : (sbyte)0;
                    else
                    {
                        // Exact rational: (x·2^k)/y rounded half up, with k = qo + qy − qx.
                        int k = qo + qy - qx;
                        decimal num = x * (decimal)Math.Pow(2, Math.Max(k, 0)), den = y * (decimal)Math.Pow(2, Math.Max(-k, 0));
                        expected = Sat8((double)Math.Floor(num / den + 0.5m));
                    }
                    Assert.Equal(expected, IqElementwise.Div(x, qx, y, qy, qo));
                }
        }, iter: 8);
    }

    [Fact]
    public void MaxAndClamp_EqualPlainFormulas()
    {
        for (int x = -128; x < 128; x++)
        {
            for (int y = -128; y < 128; y += 5)
                Assert.Equal(Sat8(Math.Max(Rsh(x, 2), y)), IqElementwise.Max(x, 6, y, 4, 4));
            Assert.Equal(Sat8(Math.Max(0, Rsh(x, 3))), IqElementwise.Clamp(x, 7, 4, nonNegative: true));
            Assert.Equal(Sat8(x * 4.0), IqElementwise.Clamp(x, 2, 4, nonNegative: false));
        }
    }

    [Fact]
    public void Variance_RandomRows_EqualsExactRationalRoundedHalfToEven()
    {
        Gen.Select(Gen.SByte.Array[2, 40], Gen.Int[-2, 7], Gen.Int[-4, 12], Gen.Bool).Sample((row, qx, qo, unbiased) =>
        {
            long n = row.Length, s1 = row.Sum(v => (long)v), s2 = row.Sum(v => (long)v * v);
            decimal mean = (decimal)s1 / n;
            decimal ss = row.Sum(v => (v - mean) * (v - mean)); // Σ(x − mean)², exact enough in 28 digits
            decimal num = n * s2 - (decimal)s1 * s1, den = n * (unbiased ? n - 1 : n);
            int k = qo - 2 * qx;
            decimal scaled = k >= 0 ? num * (decimal)Math.Pow(2, k) / den : num / (den * (decimal)Math.Pow(2, -k));
            var expected = (sbyte)Math.Min(127m, Math.Round(scaled, MidpointRounding.ToEven));
            Assert.True(Math.Abs(ss * n - num) < 1e-6m);
            var y = new sbyte[1];
            IqVariance.Apply(row, 1, row.Length, 1, qx, qo, unbiased, y);
            Assert.Equal(expected, y[0]);
        }, iter: 300);
    }

    [Fact]
    public void Variance_HalfwayValue_RoundsToEven()
    {
        // [0, 1] biased: var = 1/4 at Q0 → ·2^1 = 0.5 → 0 (even); ·2^3 = 2 exactly; [0, 3]: 9/4·2 = 4.5 → 4.
        Assert.Equal(0, IqVariance.FromSums(2, 1, 1, 0, 1, unbiased: false));
        Assert.Equal(2, IqVariance.FromSums(2, 1, 1, 0, 3, unbiased: false));
        Assert.Equal(4, IqVariance.FromSums(2, 3, 9, 0, 1, unbiased: false));
        Assert.Throws<LingerException>(() => IqVariance.FromSums(1, 3, 9, 0, 1, unbiased: true));
    }
}
