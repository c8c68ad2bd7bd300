using CsCheck;
using LingerNet.Numerics;
using Xunit;

namespace LingerNet.Numerics.Tests;

public class RoundingShiftTests
{
    [Theory]
    [InlineData(3L, 1, 2L)]
    [InlineData(-3L, 1, -1L)]
    [InlineData(-3L, 2, -1L)]
    [InlineData(-5L, 1, -2L)]
    [InlineData(5L, 1, 3L)]
    [InlineData(-6L, 2, -1L)]
    [InlineData(-7L, 2, -2L)]
    [InlineData(7L, 0, 7L)]
    [InlineData(7L, -3, 7L)]
    [InlineData(long.MaxValue, 64, 0L)]
    [InlineData(long.MinValue, 64, 0L)]
    public void Right_KnownValues_RoundHalfUp(long v, int s, long expected)
        => Assert.Equal(expected, RoundingShift.Right(v, s));

    [Fact]
    public void Right_RandomValues_EqualsFloorOfHalfUpInExactArithmetic()
    {
        Gen.Select(Gen.Long[-(1L << 40), 1L << 40], Gen.Int[1, 40]).Sample((v, s) =>
        {
            var exact = System.Numerics.BigInteger.Divide(
                2 * (System.Numerics.BigInteger)v + (System.Numerics.BigInteger.One << s),
                System.Numerics.BigInteger.One << (s + 1));
            // BigInteger division truncates toward zero: adjust to floor.
            var num = 2 * (System.Numerics.BigInteger)v + (System.Numerics.BigInteger.One << s);
            var den = System.Numerics.BigInteger.One << (s + 1);
            if (num < 0 && exact * den != num) exact -= 1;
            return RoundingShift.Right(v, s) == (long)exact;
        });
    }

    [Theory]
    [InlineData(300L, 0, 0, 8, 127L)]
    [InlineData(-300L, 0, 0, 8, -128L)]
    [InlineData(5L, 1, 3, 8, 20L)]
    [InlineData(100L, 0, 2, 8, 127L)]
    [InlineData(-100L, 0, 2, 8, -128L)]
    [InlineData(-5L, 3, 2, 8, -2L)]
    public void Rescale_ShiftsAndSaturates(long v, int from, int to, int bits, long expected)
        => Assert.Equal(expected, RoundingShift.Rescale(v, from, to, bits));
}
