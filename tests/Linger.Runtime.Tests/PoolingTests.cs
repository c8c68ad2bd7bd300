using System.Numerics;
using CsCheck;
using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using Xunit;
using static LingerNet.Runtime.Tests.Reference;

namespace LingerNet.Runtime.Tests;

public class PoolingTests
{
    private static (int oh, int ow) Out(int h, int w, int kh, int kw, int sh, int sw, int[] p) =>
        ((h + p[0] + p[2] - kh) / sh + 1, (w + p[1] + p[3] - kw) / sw + 1);

    /// <summary>Nearest integer to num/den (den &gt; 0); ties by the chip's measured direction for den.</summary>
    private static BigInteger RefDivide(BigInteger num, int den)
    {
        BigInteger lo = FloorDiv(num, den), rem = num - lo * den;
        if (2 * rem < den) return lo;
        if (2 * rem > den) return lo + 1;
        return ChipDivision.TieDirectionOf(den) switch
        {
            TieDirection.HalfUp => lo + 1,
            TieDirection.AwayFromZero => num > 0 ? lo + 1 : lo,
            _ => num > 0 ? lo : lo + 1,
        };
    }

    [Fact]
    public void AvgPool2dInt_RandomWindows_EqualsSpecFormula()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int kh = r.Next(1, 6), kw = r.Next(1, 6), sh = r.Next(1, 4), sw = r.Next(1, 4);
            int[] p = [r.Next(kh), r.Next(kw), r.Next(kh), r.Next(kw)];
            int n = r.Next(1, 3), c = r.Next(1, 4), h = Math.Max(1, kh - p[0] - p[2]) + r.Next(6), w = Math.Max(1, kw - p[1] - p[3]) + r.Next(6);
            int area = kh * kw;
            int qx = r.Next(-2, 8), qo = BitOperations.IsPow2(area) ? qx + r.Next(-2, 3) : qx + (r.Next(4) == 0 ? r.Next(1, 4) : 0);
            // Bias values toward ties: many equal small values.
            var x = r.Next(2) == 0 ? RandomInt8(r, n * c * h * w) : Enumerable.Range(0, n * c * h * w).Select(_ => (sbyte)r.Next(-3, 4)).ToArray();
            var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, n, c, h, w).Output("y", OnnxDataTypes.Int8);
            mb.Node(OpTypes.AvgPool2dInt, ["x"], ["y"], "pool", attrs: [(AttributeNames.KernelShape, new[] { kh, kw }), (AttributeNames.Strides, new[] { sh, sw }),
                (AttributeNames.Pads, p), (AttributeNames.CeilMode, 0), (AttributeNames.ScaleX, OnnxModelBuilder.S(qx)), (AttributeNames.ScaleO, OnnxModelBuilder.S(qo))]);
            using var rt = mb.Load(ChipTarget.Generic);
            var o = rt.Run(x).Outputs[0];
            var (oh, ow) = Out(h, w, kh, kw, sh, sw, p);
            Assert.Equal(new[] { n, c, oh, ow }, o.Shape);
            int idx = 0;
            for (int nc = 0; nc < n * c; nc++)
            for (int y = 0; y < oh; y++)
            for (int z = 0; z < ow; z++)
            {
                BigInteger sum = 0;
                for (int u = 0; u < kh; u++)
                for (int v = 0; v < kw; v++)
                {
                    int iy = y * sh + u - p[0], ix = z * sw + v - p[1];
                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) sum += x[(nc * h + iy) * w + ix];
                }
                sum = Sat(sum, 16);
                sbyte expected = BitOperations.IsPow2(area)
                    ? Sat8(Rsh(sum, BitOperations.Log2((uint)area)))
                    : Sat8(RefDivide(sum * BigInteger.Pow(2, qo - qx), area));
                Assert.Equal(expected, o.Int8![idx++]);
            }
        }, iter: 300);
    }

    [Theory]
    [InlineData(new sbyte[] { 3, 3, 3, 3, 3, 0 }, 3, 2, 3)]     // 15/6 = 2.5, k = 6 rounds away → 3
    [InlineData(new sbyte[] { -3, -3, -3, -3, -3, 0 }, 3, 2, -3)] // −2.5 away → −3
    [InlineData(new sbyte[] { 5, 5, 5, 5, 5, 0, 0, 0, 0, 0 }, 5, 2, 2)]  // 25/10 = 2.5, k = 10 toward zero → 2
    [InlineData(new sbyte[] { -1, -1, -1, -3 }, 2, 2, -1)]        // −6/4 = −1.5 half up (shift) → −1
    public void AvgPool2dInt_ChipTies(sbyte[] x, int kw, int kh, int expected)
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 1, 1, kh, kw).Output("y", OnnxDataTypes.Int8);
        mb.Node(OpTypes.AvgPool2dInt, ["x"], ["y"], "pool", attrs: [(AttributeNames.KernelShape, new[] { kh, kw }), (AttributeNames.Strides, new[] { kh, kw }), (AttributeNames.ScaleX, 8f), (AttributeNames.ScaleO, 8f)]);
        using var rt = mb.Load();
        Assert.Equal(new[] { (sbyte)expected }, rt.Run(x).Outputs[0].Int8);
    }

    [Fact]
    public void MaxPool_RandomWindows_PaddingNeverWins()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int kh = r.Next(1, 4), kw = r.Next(1, 4), sh = r.Next(1, 3), sw = r.Next(1, 3);
            int[] p = [r.Next(kh), r.Next(kw), r.Next(kh), r.Next(kw)];
            int c = r.Next(1, 4), h = Math.Max(1, kh - p[0] - p[2]) + r.Next(5), w = Math.Max(1, kw - p[1] - p[3]) + r.Next(5);
            var x = Enumerable.Range(0, c * h * w).Select(_ => (sbyte)r.Next(-128, 0)).ToArray(); // all negative: a padded 0 would win
            var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 1, c, h, w).Output("y", OnnxDataTypes.Int8);
            mb.Std(OpTypes.MaxPool, ["x"], ["y"], "mp", (AttributeNames.KernelShape, new[] { kh, kw }), (AttributeNames.Strides, new[] { sh, sw }), (AttributeNames.Pads, p));
            using var rt = mb.Load(ChipTarget.Generic);
            var y = rt.Run(x).Outputs[0].Int8!;
            var (oh, ow) = Out(h, w, kh, kw, sh, sw, p);
            int idx = 0;
            for (int ch = 0; ch < c; ch++)
            for (int a = 0; a < oh; a++)
            for (int b = 0; b < ow; b++)
            {
                var vals = new List<int>();
                for (int u = 0; u < kh; u++)
                for (int v = 0; v < kw; v++)
                {
                    int iy = a * sh + u - p[0], ix = b * sw + v - p[1];
                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) vals.Add(x[(ch * h + iy) * w + ix]);
                }
                Assert.Equal(vals.Count == 0 ? -128 : vals.Max(), y[idx++]);
            }
        }, iter: 200);
    }
}
