using CsCheck;
using LingerNet.Numerics.Kernels;
using Xunit;

namespace LingerNet.Numerics.Tests.Kernels;

public class RequantTests
{
    private static readonly sbyte[] AllInt8 = Enumerable.Range(-128, 256).Select(v => (sbyte)v).ToArray();

    /// <summary>floor(x·2^d + 0.5) clamped to bits, in double (exact for the ranges used here).</summary>
    private static long Reference(long x, int d, int bits)
        => (long)Math.Clamp(Math.Floor(x * Math.Pow(2, d) + 0.5), QuantRange.Min(bits), QuantRange.Max(bits));

    [Theory]
    [InlineData(-12)]
    [InlineData(-7)]
    [InlineData(-3)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(6)]
    public void VenusInt8ToInt8_EveryInput_RoundsHalfUpOrSaturatesTheUpScale(int d)
    {
        var y = new sbyte[256];
        Requant.Apply(AllInt8, 5, y, 5 + d, RequantSemantics.Venus);
        for (int i = 0; i < 256; i++)
            Assert.Equal(Reference(AllInt8[i], d, 8), y[i]);
    }

    [Fact]
    public void VenusInt8ToInt8_DownScaleRoundsHalfTowardPlusInfinity()
    {
        var y = new sbyte[4];
        Requant.Apply([-3, 3, -1, 1], 4, y, 3, RequantSemantics.Venus);
        Assert.Equal([-1, 2, 0, 1], y.Select(v => (int)v));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(12)]
    public void VenusInt8ToInt8_UpScaleOf7OrMore_IsRefused(int d)
    {
        var ex = Assert.Throws<LingerException>(() => Requant.Apply(new sbyte[1], 0, new sbyte[1], d, RequantSemantics.Venus));
        Assert.Contains("negate", ex.Message);
        Assert.Contains("≤ 6", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    public void VenusInt8ToInt16_IsAnExactLeftShift(int d)
    {
        var y = new short[256];
        Requant.Apply(AllInt8, 2, y, 2 + d, RequantSemantics.Venus);
        for (int i = 0; i < 256; i++) Assert.Equal(AllInt8[i] << d, y[i]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(24)]
    public void VenusInt8ToInt32_IsAnExactLeftShift(int d)
    {
        var y = new int[256];
        Requant.Apply(AllInt8, -3, y, -3 + d, RequantSemantics.Venus);
        for (int i = 0; i < 256; i++) Assert.Equal((long)AllInt8[i] << d, y[i]);
    }

    [Theory]
    [InlineData(16, 9)]
    [InlineData(32, 25)]
    public void VenusWidening_ShiftThatOverflowsTheTarget_IsRefused(int outBits, int d)
    {
        var ex = Assert.Throws<LingerException>(() =>
            Requant.Validate(8, 0, outBits, d, RequantSemantics.Venus));
        Assert.Contains("without saturation", ex.Message);
        Assert.Contains($"≤ {outBits - 8}", ex.Message);
    }

    [Fact]
    public void VenusWidening_CoarserOutput_IsRefused()
        => Assert.Throws<LingerException>(() => Requant.Apply(new sbyte[1], 8, new short[1], 7, RequantSemantics.Venus));

    [Theory]
    [InlineData(16, 8)]
    [InlineData(16, 16)]
    [InlineData(32, 8)]
    [InlineData(32, 32)]
    public void VenusWiderInputs_AreRefused(int inBits, int outBits)
    {
        var ex = Assert.Throws<LingerException>(() => Requant.Validate(inBits, 10, outBits, 2, RequantSemantics.Venus));
        Assert.Contains("int8 input only", ex.Message);
    }

    [Fact]
    public void Generic_AnyWidths_EqualsRoundHalfUpThenSaturate()
    {
        Gen.Select(Gen.OneOf(Gen.Const(8), Gen.Const(16), Gen.Const(32)), Gen.OneOf(Gen.Const(8), Gen.Const(16), Gen.Const(32)),
                   Gen.Int[-20, 20], Gen.Int[0, int.MaxValue]).Sample((inBits, outBits, d, seed) =>
        {
            var rng = new Random(seed);
            int[] x = Enumerable.Range(0, 64).Select(_ => (int)rng.NextInt64(QuantRange.Min(inBits), QuantRange.Max(inBits) + 1)).ToArray();
            x[0] = (int)QuantRange.Min(inBits);
            x[1] = (int)QuantRange.Max(inBits);
            var y = new int[x.Length];
            Requant.Apply(x, inBits, 3, y, outBits, 3 + d, RequantSemantics.Generic);
            for (int i = 0; i < x.Length; i++)
                Assert.Equal(Reference(x[i], d, outBits), y[i]);
        });
    }

    [Fact]
    public void VenusAndGeneric_AgreeWhereverVenusAccepts()
    {
        foreach (int outBits in new[] { 8, 16, 32 })
            for (int d = -10; d <= 30; d++)
            {
                try { Requant.Validate(8, 4, outBits, 4 + d, RequantSemantics.Venus); }
                catch (LingerException) { continue; }
                int[] x = AllInt8.Select(v => (int)v).ToArray();
                var venus = new int[256];
                var generic = new int[256];
                Requant.Apply(x, 8, 4, venus, outBits, 4 + d, RequantSemantics.Venus);
                Requant.Apply(x, 8, 4, generic, outBits, 4 + d, RequantSemantics.Generic);
                Assert.Equal(generic, venus);
            }
    }

    [Fact]
    public void Generic_InputOutsideItsDeclaredWidth_IsRefused()
        => Assert.Throws<LingerException>(() => Requant.Apply([200], 8, 0, new int[1], 16, 0, RequantSemantics.Generic));

    [Fact]
    public void UnsupportedWidth_IsRefused()
        => Assert.Throws<LingerException>(() => Requant.Validate(4, 0, 8, 0, RequantSemantics.Generic));
}
