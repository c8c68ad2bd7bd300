using CsCheck;
using LingerNet.Numerics.Kernels;
using Xunit;

namespace LingerNet.Numerics.Tests.Kernels;

public class Int8DotTests
{
    private static long Scalar(sbyte[] a, sbyte[] b)
    {
        long s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    [Fact]
    public void Dot_RandomLengthsAndValues_EqualsScalarSum()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int n = r.Next(0, 300), mode = r.Next(3);
            sbyte V() => mode switch { 0 => (sbyte)r.Next(-128, 128), 1 => r.Next(2) == 0 ? sbyte.MinValue : sbyte.MaxValue, _ => sbyte.MinValue };
            var a = new sbyte[n];
            var b = new sbyte[n];
            for (int k = 0; k < n; k++) { a[k] = V(); b[k] = V(); }
            Assert.Equal(Scalar(a, b), Int8Dot.Dot(a, b));
        }, iter: 500);
    }

    [Fact]
    public void Dot_ReductionPastInt32_StaysExact()
    {
        // 300,000 products of (−128)·(−128) = 2^14 sum to 4.9·10^9 > 2^31.
        var a = Enumerable.Repeat(sbyte.MinValue, 300_000).ToArray();
        Assert.Equal(300_000L << 14, Int8Dot.Dot(a, a));
    }

    [Fact]
    public void Dot_DifferentLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => Int8Dot.Dot(new sbyte[3], new sbyte[4]));
}
