using CsCheck;
using LingerNet.Numerics.Kernels;
using Xunit;

namespace LingerNet.Numerics.Tests.Kernels;

public class IqMulTests
{
    private static sbyte Reference(int x, int y, int shift)
        => (sbyte)Math.Clamp(Math.Floor(x * y / Math.Pow(2, shift) + 0.5), -128, 127);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(14)]
    [InlineData(20)]
    public void SameShape_EveryPairOfInt8_EqualsRoundHalfUpThenSaturate(int shift)
    {
        sbyte[] x = new sbyte[65536], y = new sbyte[65536], z = new sbyte[65536];
        for (int i = 0; i < 65536; i++) { x[i] = (sbyte)(i >> 8); y[i] = (sbyte)i; }
        IqMul.SameShape(x, 4, y, 3 + shift, z, 7);
        for (int i = 0; i < 65536; i++)
            Assert.Equal(Reference(x[i], y[i], shift), z[i]);
    }

    [Fact]
    public void Scalar_EqualsSameShapeWithAFilledOperand()
    {
        Gen.Select(Gen.Int[1, 50], Gen.SByte, Gen.Int[0, 9], Gen.Int[0, int.MaxValue]).Sample((len, c, shift, seed) =>
        {
            var rng = new Random(seed);
            sbyte[] x = Enumerable.Range(0, len).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            var scalar = new sbyte[len];
            var same = new sbyte[len];
            IqMul.Scalar(x, 5, c, 2, scalar, 7 - shift);
            IqMul.SameShape(x, 5, Enumerable.Repeat(c, len).ToArray(), 2, same, 7 - shift);
            Assert.Equal(same, scalar);
        });
    }

    [Fact]
    public void BroadcastPerChannel_EqualsSameShapeWithTheExpandedOperand()
    {
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 6], Gen.Int[1, 10], Gen.Int[0, 9], Gen.Int[0, int.MaxValue]).Sample((n, c, hw, shift, seed) =>
        {
            var rng = new Random(seed);
            sbyte[] x = Enumerable.Range(0, n * c * hw).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            sbyte[] y = Enumerable.Range(0, n * c).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            sbyte[] expanded = Enumerable.Range(0, n * c * hw).Select(i => y[i / hw]).ToArray();
            var broadcast = new sbyte[x.Length];
            var same = new sbyte[x.Length];
            IqMul.BroadcastPerChannel(x, 6, y, 6, broadcast, 12 - shift, n, c, hw);
            IqMul.SameShape(x, 6, expanded, 6, same, 12 - shift);
            Assert.Equal(same, broadcast);
        });
    }

    [Fact]
    public void Saturation_Extremes()
    {
        var z = new sbyte[3];
        IqMul.SameShape([-128, -128, 127], 0, [-128, 127, 127], 0, z, 0);
        Assert.Equal([127, -128, 127], z.Select(v => (int)v));
    }

    [Fact]
    public void NegativeShift_IsRefused()
    {
        var ex = Assert.Throws<LingerException>(() => IqMul.SameShape(new sbyte[1], 3, new sbyte[1], 3, new sbyte[1], 7));
        Assert.Contains("iqMul", ex.Message);
        Assert.Contains("shift -1", ex.Message);
    }

    [Fact]
    public void BroadcastWithWrongOperandLength_IsRefused()
        => Assert.Throws<LingerException>(() => IqMul.BroadcastPerChannel(new sbyte[12], 4, new sbyte[4], 4, new sbyte[12], 7, 1, 3, 4));
}
