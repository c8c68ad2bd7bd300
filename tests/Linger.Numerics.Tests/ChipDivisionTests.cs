using System.Numerics;
using System.Text.Json;
using CsCheck;
using LingerNet.Numerics;
using Xunit;

namespace LingerNet.Numerics.Tests;

public class ChipDivisionTests
{
    private static Dictionary<int, string> ReadJsonTable()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "venus-luna-div-tie-direction.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("direction").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name), p => p.Value.GetString()!);
    }

    [Fact]
    public void TieDirectionOf_EveryMeasuredDivisor_EqualsGoldenJson()
    {
        var table = ReadJsonTable();
        Assert.Equal(127, table.Count); // every even divisor in [-128, 126] except 0
        foreach (var (d, dir) in table)
        {
            var expected = dir switch
            {
                "half_up" => TieDirection.HalfUp,
                "away" => TieDirection.AwayFromZero,
                "toward" => TieDirection.TowardZero,
                _ => throw new InvalidOperationException(dir),
            };
            Assert.True(expected == ChipDivision.TieDirectionOf(d), $"divisor {d}: expected {expected}");
        }
        for (int d = -128; d <= 126; d += 2)
            if (d != 0) Assert.True(table.ContainsKey(d), $"json lacks {d}");
    }

    [Theory]
    [InlineData(6, TieDirection.AwayFromZero)]
    [InlineData(12, TieDirection.AwayFromZero)]
    [InlineData(10, TieDirection.TowardZero)]
    [InlineData(20, TieDirection.TowardZero)]
    [InlineData(9, TieDirection.HalfUp)]
    [InlineData(4, TieDirection.HalfUp)]
    public void TieDirectionOf_ChipFactsExamples(int d, TieDirection expected)
        => Assert.Equal(expected, ChipDivision.TieDirectionOf(d));

    [Theory]
    [InlineData(15, 6, 3)]   // 2.5 away -> 3
    [InlineData(-15, 6, -3)] // -2.5 away -> -3
    [InlineData(25, 10, 2)]  // 2.5 toward -> 2
    [InlineData(-25, 10, -2)]
    [InlineData(10, 4, 3)]   // 2.5 half up -> 3
    [InlineData(-10, 4, -2)] // -2.5 half up -> -2
    [InlineData(16, 6, 3)]   // 2.67
    [InlineData(-16, 6, -3)]
    [InlineData(14, 6, 2)]   // 2.33
    [InlineData(-14, 6, -2)]
    [InlineData(0, 6, 0)]
    [InlineData(-3, 6, -1)]  // -0.5 away -> -1
    [InlineData(-5, 10, 0)]  // -0.5 toward -> 0
    [InlineData(15, -6, -3)] // -2.5 with divisor -6 (away) -> -3
    public void Divide_HandComputed(long n, int d, long expected)
        => Assert.Equal(expected, ChipDivision.Divide(n, d));

    /// <summary>Independent reference: exact rational arithmetic with BigInteger.</summary>
    private static long ReferenceDivide(long n, int d, TieDirection tie)
    {
        // v = n/d; nearest integer; ties by direction.
        BigInteger num = n, den = d;
        if (den < 0) { num = -num; den = -den; }
        BigInteger twiceFloor = BigInteger.Divide(2 * num + den, 2 * den); // floor((2n + d) / 2d) if nonneg
        if (2 * num + den < 0 && (2 * num + den) % (2 * den) != 0) twiceFloor -= 1;
        long halfUp = (long)twiceFloor; // floor(n/d + 1/2)
        bool isTie = (2 * num) % den == 0 && (2 * num / den) % 2 != 0;
        if (!isTie) return halfUp;
        return tie switch
        {
            TieDirection.HalfUp => halfUp,
            TieDirection.AwayFromZero => n * (long)Math.Sign(d) > 0 ? halfUp : halfUp - 1,
            _ => n * (long)Math.Sign(d) > 0 ? halfUp - 1 : halfUp,
        };
    }

    [Fact]
    public void Divide_RandomOperands_EqualsExactRationalReference()
    {
        Gen.Select(Gen.Long[-1_100_000, 1_100_000], Gen.Int[-128, 127].Where(d => d != 0)).Sample((n, d) =>
            ChipDivision.Divide(n, d) == ReferenceDivide(n, d, ChipDivision.TieDirectionOf(d)), iter: 20000);
    }

    [Fact]
    public void Divide_AllTiesForSmallNumerators_EqualReference()
    {
        for (int d = -128; d <= 127; d++)
        {
            if (d == 0) continue;
            for (long n = -3 * Math.Abs(d); n <= 3 * Math.Abs(d); n++)
                Assert.Equal(ReferenceDivide(n, d, ChipDivision.TieDirectionOf(d)), ChipDivision.Divide(n, d));
        }
    }

    [Fact]
    public void TieDirectionOf_UnmeasuredEvenDivisor_Throws()
    {
        Assert.Throws<LingerException>(() => ChipDivision.TieDirectionOf(128));
        Assert.Throws<LingerException>(() => ChipDivision.TieDirectionOf(0));
        Assert.Equal(TieDirection.HalfUp, ChipDivision.TieDirectionOf(129));
    }

    [Theory]
    [InlineData(10, 4, 3)]       // RSH(10, 2) = floor(2.5 + .5) = 3
    [InlineData(-10, 4, -2)]     // -2.5 half up
    [InlineData(40000, 4, 127)]  // SAT16 -> 32767, >> 2 -> 8192, SAT8 -> 127
    [InlineData(-40000, 1, -128)]
    [InlineData(-3, 2, -1)]      // RSH(-3, 1) = -1
    public void AvgPoolWindow_PowerOfTwoArea_HalfUpShift(long sum, int area, int expected)
        => Assert.Equal(expected, ChipDivision.AvgPoolWindow(sum, area, 5, 5));

    [Theory]
    [InlineData(15, 6, 3)]
    [InlineData(-15, 6, -3)]
    [InlineData(45, 9, 5)]
    [InlineData(-27, 6, -5)]   // -4.5 away -> -5
    [InlineData(25, 10, 2)]
    [InlineData(-25, 10, -2)]
    [InlineData(2000, 3, 127)]
    public void AvgPoolWindow_NonPowerOfTwoArea_ChipTies(long sum, int area, int expected)
        => Assert.Equal(expected, ChipDivision.AvgPoolWindow(sum, area, 4, 4));

    [Fact]
    public void AvgPoolWindow_FinerOutputScale_ScalesNumerator()
        => Assert.Equal(5, ChipDivision.AvgPoolWindow(15, 6, 3, 4)); // 30/6 = 5

    [Fact]
    public void AvgPoolWindow_CoarserOutputNonPow2_Throws()
        => Assert.Throws<LingerException>(() => ChipDivision.AvgPoolWindow(15, 6, 4, 3));
}
