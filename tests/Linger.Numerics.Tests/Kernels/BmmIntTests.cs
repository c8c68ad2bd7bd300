using CsCheck;
using LingerNet.Numerics.Kernels;
using Xunit;

namespace LingerNet.Numerics.Tests.Kernels;

public class BmmIntTests
{
    [Fact]
    public void Multiply_RandomShapes_EqualsExactSumRoundedHalfUpThenSaturated()
    {
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 5], Gen.Int[1, 40], Gen.Int[1, 5], Gen.Int[0, 16], Gen.Int[0, int.MaxValue])
           .Sample((batch, m, k, n, shift, seed) =>
        {
            var rng = new Random(seed);
            sbyte[] x = Enumerable.Range(0, batch * m * k).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            sbyte[] y = Enumerable.Range(0, batch * k * n).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            var z = new sbyte[batch * m * n];
            BmmInt.Multiply(x, 5, y, 6, z, 11 - shift, batch, m, k, n);
            for (int b = 0; b < batch; b++)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        long sum = 0;
                        for (int t = 0; t < k; t++) sum += x[(b * m + i) * k + t] * y[(b * k + t) * n + j];
                        double expected = Math.Clamp(Math.Floor(sum / Math.Pow(2, shift) + 0.5), -128, 127);
                        Assert.Equal(expected, z[(b * m + i) * n + j]);
                    }
        });
    }

    [Fact]
    public void Multiply_TwoByTwo_HandComputed()
    {
        // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]; shift 2: 4.75→5, 5.5→6, 10.75→11, 12.5→13.
        var z = new sbyte[4];
        BmmInt.Multiply([1, 2, 3, 4], 1, [5, 6, 7, 8], 1, z, 0, 1, 2, 2, 2);
        Assert.Equal([5, 6, 11, 13], z.Select(v => (int)v));
    }

    [Fact]
    public void Multiply_SaturatesBothWays()
    {
        var z = new sbyte[2];
        BmmInt.Multiply([-128, -128, -128, -128], 0, [-128, 127, -128, 127, -128, 127, -128, 127], 0, z, 0, 1, 1, 4, 2);
        Assert.Equal([127, -128], z.Select(v => (int)v));
    }

    [Fact]
    public void NegativeShift_IsRefused()
        => Assert.Throws<LingerException>(() => BmmInt.Multiply(new sbyte[1], 0, new sbyte[1], 0, new sbyte[1], 1, 1, 1, 1, 1));

    [Fact]
    public void WrongOperandLength_IsRefused()
    {
        var ex = Assert.Throws<LingerException>(() => BmmInt.Multiply(new sbyte[6], 0, new sbyte[5], 0, new sbyte[4], 0, 1, 2, 3, 2));
        Assert.Contains("y [batch, k, n]", ex.Message);
    }
}
