using LingerNet.Numerics;
using Xunit;

namespace LingerNet.Numerics.Tests;

public class Pow2ScaleTests
{
    [Theory]
    [InlineData(3.97, 8, 5)]
    [InlineData(0.9, 8, 7)]
    [InlineData(127.0, 8, 0)]
    [InlineData(128.0, 8, -1)]
    [InlineData(0.0, 8, 8)]
    public void FromMaxAbs_NeverSaturates(double max, int bits, int expectedUpperBound)
    {
        var s = Pow2Scale.FromMaxAbs(max, bits);
        Assert.True(max * s.Value <= QuantRange.Bound(bits) || max == 0);
        Assert.True(s.Exponent <= expectedUpperBound);
        if (max > 0) Assert.True(max * s.Value * 2 > QuantRange.Bound(bits));
    }

    [Theory]
    [InlineData(3.97, 8, 5)]
    [InlineData(7.9, 8, 4)]
    [InlineData(15.0, 8, 3)]
    [InlineData(0.0, 8, 0)]
    public void FromRunning_RoundsTheExponent(double running, int bits, int expected)
        => Assert.Equal(expected, Pow2Scale.FromRunning(running, bits).Exponent);

    [Theory]
    [InlineData(32.0, 5)]
    [InlineData(0.25, -2)]
    [InlineData(1.0, 0)]
    public void FromValue_PowersOfTwo(double v, int n) => Assert.Equal(n, Pow2Scale.FromValue(v).Exponent);

    [Theory]
    [InlineData(3.0)]
    [InlineData(0.0)]
    [InlineData(-4.0)]
    [InlineData(double.NaN)]
    public void FromValue_NotAPowerOfTwo_Throws(double v)
    {
        var e = Assert.Throws<LingerException>(() => Pow2Scale.FromValue(v, "node conv1 attribute scale_x"));
        Assert.Contains("conv1", e.Message);
    }
}
