using LingerNet.Numerics;
using Xunit;

namespace LingerNet.Numerics.Tests;

public class RoundingTests
{
    [Theory]
    [InlineData(-2.5, -2.0)]
    [InlineData(2.5, 3.0)]
    [InlineData(-0.5, 0.0)]
    [InlineData(-1.5, -1.0)]
    [InlineData(-3.7, -4.0)]
    public void HalfUp_Ties_GoTowardPlusInfinity(double x, double expected)
        => Assert.Equal(expected, Rounding.HalfUp(x));

    [Theory]
    [InlineData(1000.0, 0, 8, 127L)]
    [InlineData(-1000.0, 0, 8, -128L)]
    [InlineData(-128.4, 0, 8, -128L)]
    [InlineData(127.49, 0, 8, 127L)]
    [InlineData(7.9, 4, 8, 126L)]
    [InlineData(100000.0, 0, 16, 32767L)]
    [InlineData(-100000.0, 0, 16, -32768L)]
    [InlineData(9.0, 0, 4, 7L)]
    [InlineData(-9.0, 0, 4, -8L)]
    [InlineData(1e12, 0, 32, 2147483647L)]
    [InlineData(-1e12, 0, 32, -2147483648L)]
    public void Quantize_SaturatesAtTheEdges(double x, int exponent, int bits, long expected)
        => Assert.Equal(expected, Rounding.Quantize(x, new Pow2Scale(exponent), bits));

    [Theory]
    [InlineData(127, 8, 127L)]
    [InlineData(128, 8, 127L)]
    [InlineData(-129, 8, -128L)]
    [InlineData(-128, 8, -128L)]
    [InlineData(40000, 16, 32767L)]
    [InlineData(-8, 4, -8L)]
    [InlineData(8, 4, 7L)]
    public void Saturation_Clamp_Edges(long v, int bits, long expected)
        => Assert.Equal(expected, Saturation.Clamp(v, bits));
}
