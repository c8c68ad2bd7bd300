using CsCheck;
using LingerNet.Numerics.Kernels;
using Xunit;

namespace LingerNet.Numerics.Tests.Kernels;

public class VenusLayerNormTests
{
    [Fact]
    public void RsqrtTable_All768Entries_EqualTheFormula()
    {
        var table = VenusLayerNorm.RsqrtTable;
        Assert.Equal(768, table.Length);
        for (int i = 0; i < 768; i++)
            Assert.Equal(Math.Min(32767, Math.Floor(32768 * Math.Sqrt(256.0 / (256 + i)))), table[i]);
    }

    [Fact]
    public void RsqrtTable_SpotValues_EqualThinkersTable()
    {
        var table = VenusLayerNorm.RsqrtTable;
        Assert.Equal([32767, 32704, 32640, 32577, 32514], table[..5].ToArray().Select(v => (int)v));
        Assert.Equal(16392, table[767]);
        Assert.Equal(16400, table[766]);
        Assert.Equal(16408, table[765]);
    }

    [Theory]
    [InlineData(0L, 32767, 4)]      // no bit set: the chip's fallback branch
    [InlineData(1L, 32767, 5)]      // bits 0–1: t = 1·2^8 = 256
    [InlineData(3L, 18918, 5)]      // t = 768
    [InlineData(256L, 32767, 9)]    // bits 8–9: t = 256
    [InlineData(1023L, 16392, 9)]
    [InlineData(1024L, 32767, 10)]  // bits 10–11: t = 256
    [InlineData(4095L, 16392, 10)]  // t = 1023 (truncated)
    [InlineData((1L << 47) + 12345, 23170, 28)] // bits 46–47: t = 512
    public void Rsqrt_NormalisesOnEvenBitPairs(long d, int expectedR, int expectedShift)
    {
        int r = VenusLayerNorm.Rsqrt(d, out int shift);
        Assert.Equal(expectedShift, shift);
        Assert.Equal(expectedR, r);
    }

    [Fact]
    public void Rsqrt_EveryD_ApproximatesOneOverSqrtWithinTheTableResolution()
    {
        Gen.Long[1, (1L << 40) - 1].Sample(d =>
        {
            int r = VenusLayerNorm.Rsqrt(d, out int shift);
            double approx = r / Math.Pow(2, shift) / 1024;
            double exact = 1 / Math.Sqrt(d);
            // t truncated (≤ 1/256 low) makes r up to 1/512 high; the table's floor makes it at most 1/16392 low.
            Assert.InRange(approx / exact, 1 - 0.0001, 1 + 0.0021);
        });
    }

    [Fact]
    public void Rsqrt_OutsideTheChipRange_IsRefused()
    {
        Assert.Throws<LingerException>(() => VenusLayerNorm.Rsqrt(-1, out _));
        Assert.Throws<LingerException>(() => VenusLayerNorm.Rsqrt(1L << 48, out _));
    }

    [Theory]
    [InlineData(7, 64, 671L)]      // 1e-5·16384·4096 = 671.09 → 671
    [InlineData(4, 10, 0L)]
    [InlineData(5, 100, 102L)]     // 1e-5·1024·10000 = 102.4
    [InlineData(15, 362, 1407074176L)] // float32: the double value is 1407074235.8
    public void QEpsilon_FollowsTheFloat32Formula(int qX, int t, long expected)
    {
        Assert.Equal(expected, VenusLayerNorm.QEpsilon(qX, t));
        float v = 1e-5f * (float)(1 << (2 * qX)) * t * t + 0.5f;
        Assert.Equal((long)MathF.Floor(v), VenusLayerNorm.QEpsilon(qX, t));
    }

    [Fact]
    public void NormalizedSize_StaticCheck_Is362()
    {
        Assert.True(VenusLayerNorm.IsNormalizedSizeAlwaysSafe(362));
        Assert.False(VenusLayerNorm.IsNormalizedSizeAlwaysSafe(363));
        Assert.Equal(362, VenusLayerNorm.MaxAlwaysSafeNormalizedSize);
        // The worst row at T = 362 (all −128) stays below 2^31; at 363 it would not.
        Assert.True(VenusLayerNorm.RowFitsInt32(362, 362L * 16384));
        Assert.False(VenusLayerNorm.RowFitsInt32(363, 363L * 16384));
    }

    [Fact]
    public void NormalizeRowQ10_RowThatOverflowsInt32_IsRefused()
    {
        var row = Enumerable.Repeat((sbyte)-128, 363).ToArray();
        var ex = Assert.Throws<LingerException>(() => VenusLayerNorm.NormalizeRowQ10(row, 7, new short[363]));
        Assert.Contains("2^31", ex.Message);
        Assert.Contains("362", ex.Message);
    }

    [Fact]
    public void NormalizeRowQ10_RandomRows_WithinTheTableErrorOfExactAndFloat()
    {
        Gen.Select(Gen.Int[2, 362], Gen.Int[0, 8], Gen.Int[1, 128], Gen.Int[0, int.MaxValue]).Sample((t, qX, amplitude, seed) =>
        {
            var rng = new Random(seed);
            int offset = rng.Next(-128 + amplitude / 2, 128 - amplitude / 2);
            sbyte[] row = Enumerable.Range(0, t).Select(_ => (sbyte)Math.Clamp(offset + rng.Next(-amplitude / 2, amplitude / 2 + 1), -128, 127)).ToArray();
            var y10 = new short[t];
            VenusLayerNorm.NormalizeRowQ10(row, qX, y10);
            long s1 = row.Sum(v => (long)v), s2 = row.Sum(v => (long)v * v);
            long d = t * s2 - s1 * s1 + VenusLayerNorm.QEpsilon(qX, t);
            double mean = s1 / (double)t, var = s2 / (double)t - mean * mean;
            double scale = Math.Pow(2, qX);
            for (int i = 0; i < t; i++)
            {
                double exact = 1024.0 * (t * row[i] - s1) / Math.Sqrt(d);          // same D, exact rsqrt
                double layerNorm = 1024.0 * (row[i] - mean) / scale / Math.Sqrt(var / (scale * scale) + 1e-5); // float LayerNorm
                double clampedExact = Math.Clamp(exact, -32768, 32767);
                Assert.InRange(y10[i] - clampedExact, -(0.0021 * Math.Abs(exact) + 1), 0.0021 * Math.Abs(exact) + 1);
                // q_eps is eps·2^(2q)·T² rounded: D is off by up to 0.5, sqrt(D) by up to 0.25/D relative.
                double dFloat = (double)t * t * (var + 1e-5 * scale * scale);
                double bound = (0.0021 + 0.3 / dFloat) * Math.Abs(layerNorm) + 1.5;
                if (Math.Abs(layerNorm) < 32767)
                    Assert.InRange(y10[i] - layerNorm, -bound, bound);
            }
        });
    }

    [Fact]
    public void NormalizeRowQ10_IsMonotoneWithinARow()
    {
        Gen.Select(Gen.Int[2, 300], Gen.Int[0, int.MaxValue]).Sample((t, seed) =>
        {
            var rng = new Random(seed);
            sbyte[] row = Enumerable.Range(0, t).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            var y10 = new short[t];
            VenusLayerNorm.NormalizeRowQ10(row, 5, y10);
            var order = Enumerable.Range(0, t).OrderBy(i => row[i]).ToArray();
            for (int k = 1; k < t; k++)
                Assert.True(y10[order[k]] >= y10[order[k - 1]]);
        });
    }

    [Fact]
    public void NormalizeRowQ10_OutlierInALongQuietRow_SaturatesAtInt16()
    {
        // T = 2000 is beyond the static limit but this row has Σx² = 1: T·Σx² fits int32.
        var row = new sbyte[2000];
        row[7] = 1;
        var y10 = new short[2000];
        VenusLayerNorm.NormalizeRowQ10(row, 0, y10);
        Assert.Equal(32767, y10[7]); // 1024·sqrt(1999) ≈ 45784 saturates
        Assert.True(y10[0] < 0 && y10[0] > -30);
    }

    [Fact]
    public void NormalizeRowQ10_ConstantRow_IsZero()
    {
        var y10 = new short[50];
        VenusLayerNorm.NormalizeRowQ10(Enumerable.Repeat((sbyte)-128, 50).ToArray(), 0, y10);
        Assert.All(y10, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Normalize_HandComputedRow()
    {
        // x = [−1, 1] at Q0, T = 2: S1 = 0, S2 = 2, q_eps = floor(1e-5·4 + .5) = 0, D = 4 → p = 2, t = 4·2^6 = 256,
        // r = 32767, shift 6: y10 = RSH(∓2·32767, 6) = ∓1024 (−1023.97 → −1024, 1023.97 → 1024).
        var y10 = new short[2];
        VenusLayerNorm.NormalizeRowQ10([-1, 1], 0, y10);
        Assert.Equal([-1024, 1024], y10.Select(v => (int)v));
        // γ = 2^12 at q_γ = 12 (1.0), β = 3·2^20 at 10 + 12 (3.0 = 0.75 at q_o = 2 … in real 3.0), q_o = 4:
        // y = SAT8(RSH(∓1024·4096 + 3·2^22, 18)) = RSH(−2^22 + 3·2^22, 18) = 32, RSH(2^22 + 3·2^22, 18) = 64.
        var y = new sbyte[2];
        VenusLayerNorm.Normalize([-1, 1], 0, [4096, 4096], 12, [3 << 22, 3 << 22], y, 4, 2);
        Assert.Equal([32, 64], y.Select(v => (int)v));
    }

    [Fact]
    public void Normalize_EqualsQ10ThenAffineForEveryRow()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 64], Gen.Int[8, 14], Gen.Int[0, 10], Gen.Int[0, int.MaxValue]).Sample((rows, t, qGamma, qODrop, seed) =>
        {
            var rng = new Random(seed);
            sbyte[] x = Enumerable.Range(0, rows * t).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            short[] gamma = Enumerable.Range(0, t).Select(_ => (short)rng.Next(-32768, 32768)).ToArray();
            int[] beta = Enumerable.Range(0, t).Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray();
            int qO = 10 + qGamma - qODrop;
            var y = new sbyte[x.Length];
            VenusLayerNorm.Normalize(x, 6, gamma, qGamma, beta, y, qO, t);
            var y10 = new short[t];
            for (int r = 0; r < rows; r++)
            {
                VenusLayerNorm.NormalizeRowQ10(x.AsSpan(r * t, t), 6, y10);
                for (int i = 0; i < t; i++)
                {
                    double expected = Math.Clamp(Math.Floor(((long)y10[i] * gamma[i] + beta[i]) / Math.Pow(2, qODrop) + 0.5), -128, 127);
                    Assert.Equal(expected, y[r * t + i]);
                }
            }
        });
    }

    [Fact]
    public void Normalize_OutputFinerThanTheProduct_IsRefused()
        => Assert.Throws<LingerException>(() =>
            VenusLayerNorm.Normalize(new sbyte[2], 4, new short[2], 8, new int[2], new sbyte[2], 19, 2));

    [Fact]
    public void Normalize_InputExponentOutsideTheChipRange_IsRefused()
    {
        var ex = Assert.Throws<LingerException>(() =>
            VenusLayerNorm.Normalize(new sbyte[2], 16, new short[2], 8, new int[2], new sbyte[2], 7, 2));
        Assert.Contains("[0, 15]", ex.Message);
    }

    [Theory]
    [InlineData(new[] { 1, 4, 8, 16 }, 16, 32, 16)]
    [InlineData(new[] { 1, 4, 8, 16 }, 128, 4, 128)]
    [InlineData(new[] { 2, 3, 5 }, 5, 6, 5)]
    public void RowLayout_LastOneOrTwoDims(int[] shape, int weightSize, int rows, int t)
        => Assert.Equal((rows, t), VenusLayerNorm.RowLayout(shape, weightSize));

    [Fact]
    public void RowLayout_WeightMatchingNeither_IsRefused()
    {
        var ex = Assert.Throws<LingerException>(() => VenusLayerNorm.RowLayout([1, 4, 8, 16], 64));
        Assert.Contains("last dim (16)", ex.Message);
    }
}
