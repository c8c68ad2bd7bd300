using LingerNet.Numerics.Kernels;
using Xunit;

namespace LingerNet.Numerics.Tests.Kernels;

public class VenusSigmoidTanhTests
{
    private static readonly short[] AllInt16 = Enumerable.Range(short.MinValue, 65536).Select(v => (short)v).ToArray();
    private static readonly sbyte[] AllInt8 = Enumerable.Range(-128, 256).Select(v => (sbyte)v).ToArray();

    [Fact]
    public void Int16_AtQ11_EqualsTablesForEveryInput()
    {
        var s = new sbyte[65536];
        var t = new sbyte[65536];
        VenusSigmoidTanh.Sigmoid(AllInt16, 11, s);
        VenusSigmoidTanh.Tanh(AllInt16, 11, t);
        for (int i = 0; i < AllInt16.Length; i++)
        {
            Assert.Equal(PiecewiseSigmoidTanh.SigmoidQ7(AllInt16[i]), s[i]);
            Assert.Equal(PiecewiseSigmoidTanh.TanhQ7(AllInt16[i]), t[i]);
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(15)]
    [InlineData(20)]
    public void Int16_AboveQ11_RoundsHalfUpToQ11ThenTables(int qX)
    {
        var s = new sbyte[65536];
        var t = new sbyte[65536];
        VenusSigmoidTanh.Sigmoid(AllInt16, qX, s);
        VenusSigmoidTanh.Tanh(AllInt16, qX, t);
        for (int i = 0; i < AllInt16.Length; i++)
        {
            // floor(x / 2^(q−11) + 0.5), independent of RoundingShift.
            short x11 = (short)Math.Floor(AllInt16[i] / Math.Pow(2, qX - 11) + 0.5);
            Assert.Equal(PiecewiseSigmoidTanh.SigmoidQ7(x11), s[i]);
            Assert.Equal(PiecewiseSigmoidTanh.TanhQ7(x11), t[i]);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(10)]
    public void Int8_EqualsInt16PathOfTheRequantizedInput(int qX)
    {
        var s8 = new sbyte[256];
        var t8 = new sbyte[256];
        VenusSigmoidTanh.Sigmoid(AllInt8, qX, s8);
        VenusSigmoidTanh.Tanh(AllInt8, qX, t8);
        short[] widened = AllInt8.Select(v => (short)(v * 256)).ToArray();
        var s16 = new sbyte[256];
        var t16 = new sbyte[256];
        VenusSigmoidTanh.Sigmoid(widened, qX + 8, s16);
        VenusSigmoidTanh.Tanh(widened, qX + 8, t16);
        Assert.Equal(s16, s8);
        Assert.Equal(t16, t8);
    }

    [Fact]
    public void Int8_AtQ3_FeedsTheInputTimes256ToTheTables()
    {
        var s = new sbyte[256];
        VenusSigmoidTanh.Sigmoid(AllInt8, 3, s);
        for (int i = 0; i < 256; i++)
            Assert.Equal(PiecewiseSigmoidTanh.SigmoidQ7((short)(AllInt8[i] * 256)), s[i]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void Int8_WithinOneQ7StepOfFloat(int qX)
    {
        var s = new sbyte[256];
        var t = new sbyte[256];
        VenusSigmoidTanh.Sigmoid(AllInt8, qX, s);
        VenusSigmoidTanh.Tanh(AllInt8, qX, t);
        for (int i = 0; i < 256; i++)
        {
            double x = AllInt8[i] / Math.Pow(2, qX);
            Assert.InRange(s[i] - Math.Min(127, 128 / (1 + Math.Exp(-x))), -1.0, 1.0);
            Assert.InRange(t[i] - Math.Clamp(128 * Math.Tanh(x), -128, 127), -1.0, 1.0);
        }
    }

    [Fact]
    public void Int16_SaturatedExtremes_GiveTheRangeEnds()
    {
        short[] x = [short.MinValue, short.MaxValue];
        var s = new sbyte[2];
        var t = new sbyte[2];
        VenusSigmoidTanh.Sigmoid(x, 11, s);
        VenusSigmoidTanh.Tanh(x, 11, t);
        Assert.Equal([0, 127], s.Select(v => (int)v));
        Assert.Equal([-128, 127], t.Select(v => (int)v));
    }

    [Fact]
    public void Int16_BelowQ11_IsRefusedWithTheChipDefect()
    {
        var ex = Assert.Throws<LingerException>(() => VenusSigmoidTanh.Sigmoid(new short[1], 10, new sbyte[1]));
        Assert.Contains("iqSigmoid", ex.Message);
        Assert.Contains("below Q11", ex.Message);
        Assert.Contains("unscaled", ex.Message);
    }

    [Fact]
    public void Int8_BelowQ3_IsRefusedWithTheChipDefect()
    {
        var ex = Assert.Throws<LingerException>(() => VenusSigmoidTanh.Tanh(new sbyte[1], 2, new sbyte[1]));
        Assert.Contains("iqTanh", ex.Message);
        Assert.Contains("at least 3", ex.Message);
    }

    [Fact]
    public void MismatchedLengths_AreRefused()
        => Assert.Throws<LingerException>(() => VenusSigmoidTanh.Sigmoid(new short[3], 11, new sbyte[2]));

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    public void Int8Tables_EqualTheKernelAtEveryInput(int qX)
    {
        sbyte[] sigmoid = VenusSigmoidTanh.SigmoidTable(qX), tanh = VenusSigmoidTanh.TanhTable(qX);
        var s = new sbyte[256];
        var t = new sbyte[256];
        VenusSigmoidTanh.Sigmoid(AllInt8, qX, s);
        VenusSigmoidTanh.Tanh(AllInt8, qX, t);
        for (int i = 0; i < 256; i++)
        {
            Assert.Equal(s[i], sigmoid[AllInt8[i] + 128]);
            Assert.Equal(t[i], tanh[AllInt8[i] + 128]);
        }
    }
}
