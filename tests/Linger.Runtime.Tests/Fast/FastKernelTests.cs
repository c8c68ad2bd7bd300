using CsCheck;
using LingerNet.Numerics;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using Xunit;

namespace LingerNet.Runtime.Tests.Fast;

/// <summary>
/// Every fast kernel path available on this machine gives the reference kernel's integers exactly:
/// random shapes, strides, pads, dilations and groups, values pinned to −128/127, and reduction
/// lengths long enough to wrap the conv's int32 accumulator and to pass linear's int32 chunk size.
/// </summary>
public class FastKernelTests
{
    public static TheoryData<string> FastPaths()
    {
        var d = new TheoryData<string>();
        foreach (var p in KernelSelection.Supported.Where(p => p != KernelPath.Reference)) d.Add(p.ToString());
        return d;
    }

    /// <summary>Random int8 values; a third of the cases use only −128 and 127, another third only one extreme.</summary>
    private static sbyte[] Values(Random r, int n, int mode)
    {
        var a = new sbyte[n];
        for (int i = 0; i < n; i++)
            a[i] = mode switch
            {
                0 => (sbyte)r.Next(-128, 128),
                1 => r.Next(2) == 0 ? sbyte.MinValue : sbyte.MaxValue,
                _ => sbyte.MinValue,
            };
        return a;
    }

    private static int[] Bias(Random r, int n)
    {
        var b = new int[n];
        for (int i = 0; i < n; i++)
            b[i] = r.Next(4) switch { 0 => int.MaxValue, 1 => int.MinValue, _ => r.Next(-1 << 20, 1 << 20) };
        return b;
    }

    private static int[] CheckConv(Random r, KernelPath path, int n, int c, int h, int w, int oc, int group, int kh, int kw,
        int sh, int sw, int[] pads, int dh, int dw, int mode, bool bias = true)
    {
        var g = new Conv2dGeometry(n, c, h, w, kh, kw, sh, sw, pads[0], pads[1], pads[2], pads[3], dh, dw);
        var x = Values(r, n * c * h * w, mode);
        var wt = Values(r, oc * (c / group) * kh * kw, mode);
        int[]? b = !bias || r.Next(3) == 0 ? null : Bias(r, oc);
        var expected = Conv2dIntKernel.Accumulate(x, wt, b, g, oc, group);
        var packed = new PackedConvWeights(wt, oc, c / group, kh, kw, group);
        var actual = Conv2dIntFastKernel.Accumulate(x, packed, b, g, path);
        Assert.Equal(expected, actual);
        int shift = r.Next(0, 40);
        Assert.Equal(Conv2dIntKernel.RequantizeInt8(expected, shift), RequantizeFast.Int32ToInt8(actual, shift));
        var expected8 = Conv2dIntKernel.RequantizeInt8(expected, shift);
        Assert.Equal(expected8, Conv2dIntFastKernel.RunInt8(x, packed, b, g, path, shift));
        Assert.Equal(ReluKernel.Run(expected8), Conv2dIntFastKernel.RunInt8(x, packed, b, g, path, shift, relu: true));
        return expected;
    }

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void Conv2dAccumulate_RandomGeometry_EqualsReference(string pathName)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int group = r.Next(4) switch { 0 => 1, 1 => 2, 2 => 3, _ => 1 };
            bool depthwise = r.Next(5) == 0;
            int icg = depthwise ? 1 : r.Next(1, 6), ocg = r.Next(1, 7);
            if (depthwise) group = r.Next(1, 9);
            int c = icg * group, oc = ocg * group;
            int kh = r.Next(1, 6), kw = r.Next(1, 6), dh = r.Next(1, 3), dw = r.Next(1, 3);
            int[] pads = [r.Next(3), r.Next(3), r.Next(3), r.Next(3)];
            int h = Math.Max(1, dh * (kh - 1) + 1 - pads[0] - pads[2]) + r.Next(20);
            int w = Math.Max(1, dw * (kw - 1) + 1 - pads[1] - pads[3]) + r.Next(20);
            CheckConv(r, path, r.Next(1, 3), c, h, w, oc, group, kh, kw, r.Next(1, 4), r.Next(1, 4), pads, dh, dw, r.Next(3));
        }, iter: 300);
    }

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void Conv2dAccumulate_WideUngroupedLayers_EqualsReference(string pathName)
    {
        // Many output channels and pixels (whole 16-channel blocks and 16-pixel transposes of the direct
        // VNNI kernel, with remainders) and one- or two-channel inputs (its kx folding).
        var path = Enum.Parse<KernelPath>(pathName);
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int c = r.Next(3) == 0 ? r.Next(1, 3) : r.Next(1, 40), oc = r.Next(1, 48);
            int kh = r.Next(1, 6), kw = r.Next(1, 6), dh = r.Next(1, 3), dw = r.Next(1, 3);
            int[] pads = [r.Next(3), r.Next(3), r.Next(3), r.Next(3)];
            int h = Math.Max(1, dh * (kh - 1) + 1 - pads[0] - pads[2]) + r.Next(24);
            int w = Math.Max(1, dw * (kw - 1) + 1 - pads[1] - pads[3]) + r.Next(24);
            CheckConv(r, path, r.Next(1, 3), c, h, w, oc, 1, kh, kw, r.Next(1, 3), r.Next(1, 3), pads, dh, dw, r.Next(3));
        }, iter: 150);
    }

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void Conv2dAccumulate_Depthwise_EqualsReference(string pathName)
    {
        // The depthwise kernel's cases: one input channel per group, any stride, padding, dilation and multiplier.
        var path = Enum.Parse<KernelPath>(pathName);
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int c = r.Next(2, 20), multiplier = r.Next(1, 4);
            int kh = r.Next(1, 6), kw = r.Next(1, 6), dh = r.Next(1, 3), dw = r.Next(1, 3);
            int[] pads = [r.Next(4), r.Next(4), r.Next(4), r.Next(4)];
            int h = Math.Max(1, dh * (kh - 1) + 1 - pads[0] - pads[2]) + r.Next(30);
            int w = Math.Max(1, dw * (kw - 1) + 1 - pads[1] - pads[3]) + r.Next(30);
            int sh = r.Next(3) == 0 ? 1 : r.Next(1, 4), sw = r.Next(3) == 0 ? 1 : r.Next(1, 6);
            CheckConv(r, path, r.Next(1, 3), c, h, w, c * multiplier, c, kh, kw, sh, sw, pads, dh, dw, r.Next(3));
        }, iter: 200);
    }

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void Conv2dAccumulate_LongReductionAtExtremes_WrapsLikeReference(string pathName)
    {
        // 6000 channels × 5×5 taps of (−128)·(−128) = 2^14 each sum to 2.46·10^9 > 2^31: the int32 accumulator wraps.
        var path = Enum.Parse<KernelPath>(pathName);
        var wrapped = CheckConv(new Random(1), path, 1, 6000, 5, 5, 2, 1, 5, 5, 1, 1, [0, 0, 0, 0], 1, 1, mode: 2, bias: false);
        Assert.All(wrapped, v => Assert.Equal(unchecked((int)(6000L * 25 * 16384)), v));
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            CheckConv(r, path, 1, 4096 + r.Next(3), 5 + r.Next(2), 5 + r.Next(2), r.Next(1, 6), 1, 5, 5, 1, 1, [r.Next(2), r.Next(2), 0, 0], 1, 1, r.Next(3));
        }, iter: 4);
    }

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void LinearAccumulate_RandomShapes_EqualsReference(string pathName)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int m = r.Next(1, 4), n = r.Next(1, 200), l = r.Next(1, 11), mode = r.Next(3);
            CheckLinear(r, path, m, n, l, mode);
        }, iter: 300);
    }

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void LinearAccumulate_ReductionPastInt32_EqualsExactReference(string pathName)
    {
        // 200,000 products of 2^14 sum to 3.3·10^9 > 2^31: linear must stay exact (no wrap).
        var path = Enum.Parse<KernelPath>(pathName);
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            CheckLinear(r, path, 1, 200_000 + r.Next(100), r.Next(1, 6), 2);
        }, iter: 3);
    }

    private static void CheckLinear(Random r, KernelPath path, int m, int n, int l, int mode)
    {
        var x = Values(r, m * n, mode);
        var w = Values(r, l * n, mode == 2 ? 2 : mode);
        int[]? b = r.Next(3) == 0 ? null : Bias(r, l);
        var expected = LinearIntKernel.Accumulate(x, m, n, w, l, b);
        var actual = LinearIntFastKernel.Accumulate(x, m, new PackedLinearWeights(w, l, n), b, path);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Pools_RandomGeometry_EqualReference()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int k = r.Next(1, 4), kw = r.Next(1, 4), s = r.Next(1, 4), sw = r.Next(1, 4);
            bool pair = r.Next(3) == 0;
            if (pair) (k, kw, s, sw) = (2, 2, 2, 2);
            int[] pads = pair ? [0, 0, r.Next(2), r.Next(2)] : [r.Next(Math.Min(k, 2)), r.Next(Math.Min(kw, 2)), r.Next(2), r.Next(2)];
            int dh = pair ? 1 : r.Next(1, 3), dw = pair ? 1 : r.Next(1, 3);
            int h = dh * (k - 1) + 1 + r.Next(40), w = dw * (kw - 1) + 1 + r.Next(40);
            int n = r.Next(1, 3), c = r.Next(1, 5);
            var x = Values(r, n * c * h * w, r.Next(2));
            var g = new Conv2dGeometry(n, c, h, w, k, kw, s, sw, pads[0], pads[1], pads[2], pads[3], dh, dw);
            Assert.Equal(MaxPoolKernel.Run(x, g), PoolFastKernels.MaxPool(x, g));
            var ga = g with { DilationH = 1, DilationW = 1 };
            if (!ga.HasOutput) return;
            int area = k * kw, qIn = r.Next(0, 8);
            int qOut = (area & (area - 1)) == 0 ? qIn - r.Next(0, 3) : qIn + r.Next(0, 4);
            Assert.Equal(AvgPool2dIntKernel.Run(x, ga, qIn, qOut), PoolFastKernels.AvgPool(x, ga, qIn, qOut));
        }, iter: 300);
    }

    [Theory]
    [InlineData(28, 28)]
    [InlineData(14, 14)]
    [InlineData(15, 16)]
    [InlineData(9, 34)]
    [InlineData(4, 40)]
    [InlineData(2, 4)]
    [InlineData(2, 2)]
    [InlineData(32, 36)]
    public void MaxPool2x2_WholePlanes_EqualsReference(int h, int w)
    {
        var r = new Random(h * 100 + w);
        foreach (int mode in new[] { 0, 1, 2 })
        {
            var x = Values(r, 3 * 5 * h * w, mode);
            var g = new Conv2dGeometry(3, 5, h, w, 2, 2, 2, 2, 0, 0, 0, 0);
            Assert.Equal(MaxPoolKernel.Run(x, g), PoolFastKernels.MaxPool(x, g));
        }
    }

    [Fact]
    public void Elementwise_RandomValues_EqualReference()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int len = r.Next(0, 140);
            var x = Values(r, len, r.Next(2));
            var y = Values(r, len, r.Next(2));
            Assert.Equal(ReluKernel.Run(x), ElementwiseFastKernels.Relu(x));
            int sx = r.Next(0, 10), sy = r.Next(0, 10);
            Assert.Equal(IqAddKernel.Run(x, sx, y, sy), ElementwiseFastKernels.IqAdd(x, sx, y, sy));
            Assert.Equal(ReluKernel.Run(IqAddKernel.Run(x, sx, y, sy)), ElementwiseFastKernels.IqAdd(x, sx, y, sy, relu: true));
            var scale = new Pow2Scale(r.Next(-4, 12));
            var f = new float[len];
            for (int i = 0; i < len; i++)
                f[i] = r.Next(10) switch
                {
                    0 => float.NaN, 1 => float.PositiveInfinity, 2 => float.NegativeInfinity,
                    3 => (r.Next(-300, 300) + 0.5f) / scale.FloatValue, // exact ties round half up
                    _ => (float)((r.NextDouble() - 0.5) * 400 / scale.FloatValue),
                };
            Assert.Equal(QuantKernel.Run(f, scale), ElementwiseFastKernels.Quant(f, scale));
            var t = new RuntimeTensor("x", [len], x);
            Assert.Equal(DequantKernel.Run(t, scale), ElementwiseFastKernels.Dequant(x, scale));
        }, iter: 300);
    }

    [Fact]
    public void IqCat_RandomScales_EqualsReference()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int rank = r.Next(1, 4), axis = r.Next(rank), qOut = r.Next(0, 6);
            int[] baseShape = Enumerable.Range(0, rank).Select(_ => r.Next(1, 5)).ToArray();
            var parts = new List<(sbyte[], int[], int)>();
            int total = 0;
            for (int i = r.Next(1, 4); i > 0; i--)
            {
                var s = (int[])baseShape.Clone();
                s[axis] = r.Next(1, 4);
                total += s[axis];
                parts.Add((Values(r, s.Aggregate(1, (a, b) => a * b), r.Next(2)), s, r.Next(3) == 0 ? qOut : r.Next(0, 8)));
            }
            var outShape = (int[])baseShape.Clone();
            outShape[axis] = total;
            Assert.Equal(IqCatKernel.Run(parts, axis, qOut, outShape), IqCatFastKernel.Run(parts, axis, qOut, outShape));
        }, iter: 300);
    }

    [Fact]
    public void Supported_OnThisMachine_IncludesReferenceAndBest()
    {
        Assert.Contains(KernelPath.Reference, KernelSelection.Supported);
        Assert.Contains(KernelSelection.Best, KernelSelection.Supported);
    }
}
