using CsCheck;
using LingerNet.Numerics.Kernels;
using Xunit;

namespace LingerNet.Numerics.Tests.Kernels;

public class LogSoftmaxIntTests
{
    [Fact]
    public void LogSoftmaxQ25_TwoEqualEntries_IsLogOneHalf()
    {
        var y = new int[2];
        LogSoftmaxInt.LogSoftmaxQ25([1000, 1000], y);
        Assert.Equal([-23258160, -23258160], y); // floor(2^25·ln 0.5 + 0.5) = floor(−23258160.1 + 0.5)
    }

    [Fact]
    public void LogSoftmaxQ25_RandomRows_AreNonPositiveAndExpSumsToOne()
    {
        Gen.Select(Gen.Int[1, 100], Gen.Int[0, int.MaxValue]).Sample((n, seed) =>
        {
            var rng = new Random(seed);
            int[] x = Enumerable.Range(0, n).Select(_ => VenusSoftmax.ToQ25((sbyte)rng.Next(-128, 128), 4)).ToArray();
            var y = new int[n];
            LogSoftmaxInt.LogSoftmaxQ25(x, y);
            Assert.All(y, v => Assert.True(v <= 0));
            Assert.InRange(y.Sum(v => Math.Exp(v / 33554432.0)), 1 - 1e-6, 1 + 1e-6);
            // Differences are preserved exactly (both are Q25 integers): y_i − y_j = x_i − x_j up to one rounding step.
            for (int i = 1; i < n; i++)
                Assert.InRange((long)y[i] - y[0] - ((long)x[i] - x[0]), -1, 1);
        });
    }

    [Fact]
    public void LogSoftmax_Int8_IsTheQ25ValueShiftedAndSaturated()
    {
        var y = new sbyte[3];
        LogSoftmaxInt.LogSoftmax([16, 16, -128], 4, y, 4, 3);
        // ln(0.5) at Q4: RSH(−23258160, 21) = −11; the −128 entry: −9 − ln 2 ≈ −9.693 → −155.1 → SAT8 → −128.
        Assert.Equal([-11, -11, -128], y.Select(v => (int)v));
    }

    [Fact]
    public void LogSoftmax_OutputExponentAbove25_IsRefused()
        => Assert.Throws<LingerException>(() => LogSoftmaxInt.LogSoftmax(new sbyte[2], 4, new sbyte[2], 26, 2));
}
