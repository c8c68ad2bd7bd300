using CsCheck;
using LingerNet.Numerics.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace LingerNet.Numerics.Tests.Kernels;

public class VenusSoftmaxTests(ITestOutputHelper output)
{
    /// <summary>
    /// An independent transcription of linger-spec §3.14 as linger's venus emulation evaluates it: every
    /// rounding shift through double (<c>floor((double)v·2^−n + 0.5)</c>), the exponent by a double multiply.
    /// </summary>
    private static int[] LingerDoubleEmulation(int[] x)
    {
        static double ShiftRasym(long v, int n) => Math.Floor((double)v * Math.Pow(2, -n) + 0.5);
        static int Sat32(double v) => (int)Math.Clamp(v, int.MinValue, int.MaxValue);
        int[] p = [57364, 446161, 2008107, 5813551, 8388575];
        int max = x.Max();
        var e = new int[x.Length];
        int sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            int d = Sat32((long)x[i] - max);
            int X = Sat32(ShiftRasym((long)d * 774541002, 31));
            int E = (X >> 23) + 1;
            int F = (X & 0x7fffff) - 0x800000;
            int Y = p[0];
            for (int j = 1; j < 5; j++) Y = (int)ShiftRasym((long)Y * F, 23) + p[j];
            e[i] = (int)(Y * Math.Pow(2, E));
            sum = Sat32((long)sum + e[i]);
        }
        int nsa = 0;
        if (sum != 0) { uint u = (uint)Math.Abs(sum) & 0x7FFFFFFF; while ((u & 0x40000000) == 0 && nsa < 31) { u <<= 1; nsa++; } }
        int n = nsa - 8;
        int xn = n < 0 ? Sat32((long)sum >> -n) : Sat32((long)sum << n);
        n++;
        int y = 0xBB5000 - xn;
        for (int k = 0; k < 2; k++)
        {
            int err = 0x400000 - (int)ShiftRasym((long)xn * y, 23);
            err += err;
            y += (int)ShiftRasym((long)y * err, 23);
        }
        y = n < 0 ? Sat32((long)y >> -n) : Sat32((long)y << n);
        return e.Select(v => Sat32(ShiftRasym((long)y * v, 31))).ToArray();
    }

    private static int[] Run(int[] x25)
    {
        var y = new int[x25.Length];
        VenusSoftmax.SoftmaxQ25(x25, y);
        return y;
    }

    private static int[] RandomRow(Random rng, int n, int qX)
        => Enumerable.Range(0, n).Select(_ => VenusSoftmax.ToQ25((sbyte)rng.Next(-128, 128), qX)).ToArray();

    [Fact]
    public void SoftmaxQ25_RandomRows_WithinOneQ15StepOfFloatSoftmax()
    {
        double worst = 0;
        Gen.Select(Gen.Int[1, 200], Gen.Int[1, 7], Gen.Int[0, int.MaxValue]).Sample((n, qX, seed) =>
        {
            var rng = new Random(seed);
            int[] x = RandomRow(rng, n, qX);
            int[] y = Run(x);
            double max = x.Max() / 33554432.0;
            double[] ex = x.Select(v => Math.Exp(v / 33554432.0 - max)).ToArray();
            double sum = ex.Sum();
            if (sum >= 255) return; // the chip's int32 sum saturates (tested separately)
            for (int i = 0; i < n; i++)
            {
                double err = y[i] - 32768 * ex[i] / sum;
                worst = Math.Max(worst, Math.Abs(err));
                Assert.InRange(err, -1.5, 1.5);
            }
        }, iter: 1000);
        output.WriteLine($"worst |error| vs float softmax: {worst:F3} Q15 LSB");
    }

    [Fact]
    public void SoftmaxQ25_RowsSumTo32768WithinTheRowLength()
    {
        Gen.Select(Gen.Int[1, 200], Gen.Int[1, 7], Gen.Int[0, int.MaxValue]).Sample((n, qX, seed) =>
        {
            var rng = new Random(seed);
            int[] x = RandomRow(rng, n, qX);
            int[] y = Run(x);
            double sumExp = x.Sum(v => Math.Exp((v - (double)x.Max()) / 33554432.0));
            if (sumExp >= 255) return;
            Assert.InRange(y.Sum(v => (long)v), 32768 - n - 2, 32768 + n + 2);
            Assert.All(y, v => Assert.InRange(v, 0, 32768));
        });
    }

    [Fact]
    public void SoftmaxQ25_EqualsLingersDoubleEmulation_OnRandomRows()
    {
        var rng = new Random(12345);
        int rows = 20_000, mismatches = 0; // 100,000 rows measured once: 0 differ
        for (int r = 0; r < rows; r++)
        {
            int n = rng.Next(1, 40);
            // Full Q25 range, not only int8-derived values, so that large products occur.
            int[] x = Enumerable.Range(0, n).Select(_ => rng.Next(-(1 << 29), 1 << 29)).ToArray();
            if (!Run(x).SequenceEqual(LingerDoubleEmulation(x))) mismatches++;
        }
        output.WriteLine($"rows differing from linger's double emulation: {mismatches} of {rows}");
        Assert.True(mismatches <= rows / 10_000, $"{mismatches} rows differ");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(255)]
    public void SoftmaxQ25_AllEqualRow_IsUniform(int n)
    {
        int[] y = Run(Enumerable.Repeat(12345678, n).ToArray());
        Assert.All(y, v => Assert.Equal(y[0], v));
        Assert.InRange(y[0], 32768.0 / n - 1, 32768.0 / n + 1);
    }

    [Fact]
    public void SoftmaxQ25_AllEqualRowOf512_SaturatesTheSumAndDoublesTheOutput()
    {
        // Σ e = 512·2^23 = 2^32 saturates at 2^31 − 1: the chip's add32s. Each output ≈ 128 instead of 64.
        int[] y = Run(Enumerable.Repeat(0, 512).ToArray());
        Assert.All(y, v => Assert.Equal(128, v));
    }

    [Fact]
    public void SoftmaxQ25_ExtremeRow_IsOneHot()
    {
        int[] x = Enumerable.Repeat(VenusSoftmax.ToQ25(-128, 1), 20).ToArray();
        x[3] = VenusSoftmax.ToQ25(127, 1);
        int[] y = Run(x);
        Assert.Equal(32768, y[3]);
        Assert.All(y.Where((_, i) => i != 3), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Softmax_Int8Output_IsTheQ15ValueShiftedAndSaturated()
    {
        Gen.Select(Gen.Int[1, 30], Gen.Int[1, 6], Gen.Int[0, 15], Gen.Int[0, int.MaxValue]).Sample((n, qX, qO, seed) =>
        {
            var rng = new Random(seed);
            sbyte[] x = Enumerable.Range(0, 3 * n).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            var y = new sbyte[x.Length];
            VenusSoftmax.Softmax(x, qX, y, qO, n);
            for (int r = 0; r < 3; r++)
            {
                int[] p = Run(x.Skip(r * n).Take(n).Select(v => VenusSoftmax.ToQ25(v, qX)).ToArray());
                for (int i = 0; i < n; i++)
                    Assert.Equal(Math.Clamp(Math.Floor(p[i] / Math.Pow(2, 15 - qO) + 0.5), -128, 127), y[r * n + i]);
            }
        });
    }

    [Fact]
    public void Softmax_OneHotAtQ7_SaturatesAt127()
    {
        var y = new sbyte[2];
        VenusSoftmax.Softmax([127, -128], 1, y, 7, 2);
        Assert.Equal([127, 0], y.Select(v => (int)v));
    }

    [Fact]
    public void Softmax_MaskedEntries_AreZeroAndLeaveTheOthersAsWithoutThem()
    {
        Gen.Select(Gen.Int[1, 20], Gen.Int[1, 10], Gen.Int[0, int.MaxValue]).Sample((kept, masked, seed) =>
        {
            var rng = new Random(seed);
            sbyte[] values = Enumerable.Range(0, kept).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
            var row = values.Concat(Enumerable.Repeat(sbyte.MinValue, masked)).OrderBy(_ => rng.Next()).ToArray();
            var y = new sbyte[row.Length];
            VenusSoftmax.Softmax(row, 4, y, 7, row.Length, minimumIsMask: true);
            var alone = new sbyte[kept];
            VenusSoftmax.Softmax(row.Where(v => v != sbyte.MinValue).ToArray(), 4, alone, 7, kept);
            Assert.All(y.Where((_, i) => row[i] == sbyte.MinValue), v => Assert.Equal(0, v));
            Assert.Equal(alone, y.Where((_, i) => row[i] != sbyte.MinValue).ToArray());
        });
    }

    [Fact]
    public void Softmax_WithoutMask_MinimumIsAnOrdinaryValue()
    {
        var y = new sbyte[2];
        VenusSoftmax.Softmax([-128, -128], 4, y, 7, 2);
        Assert.Equal([64, 64], y.Select(v => (int)v));
    }

    [Fact]
    public void Softmax_OutputExponentAbove15_IsRefused()
        => Assert.Throws<LingerException>(() => VenusSoftmax.Softmax(new sbyte[2], 4, new sbyte[2], 16, 2));

    [Fact]
    public void Softmax_InputExponentOutsideTheChipRange_IsRefused()
    {
        var ex = Assert.Throws<LingerException>(() => VenusSoftmax.Softmax(new sbyte[2], 26, new sbyte[2], 7, 2));
        Assert.Contains("[−5, 25]", ex.Message);
    }
}
