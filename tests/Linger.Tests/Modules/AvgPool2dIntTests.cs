using LingerNet.Quantization;
using CsCheck;
using LingerNet.Modules;
using LingerNet.Numerics;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Modules;

public class AvgPool2dIntTests
{
    [Fact]
    public void Eval_RandomWindows_EqualsChipWindowSumsAndDivision()
    {
        var gen = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[1, 3], Gen.Int[0, 1], Gen.Int[4, 9], Gen.OneOf(0.5f, 4f, 50f), Gen.Int[0, 1_000_000]);
        gen.Sample((kh, kw, stride, pad, size, range, seed) =>
        {
            if (pad * 2 > Math.Min(kh, kw)) pad = 0;
            using var scope = NewDisposeScope();
            random.manual_seed(seed);
            // Kernel semantics beyond venus's window rules (stride 3...): the chip division is what is tested here.
            var model = Linger.Init(new Wrapper(nn.AvgPool2d(new long[] { kh, kw }, new long[] { stride, stride }, new long[] { pad, pad })), new LingerOptions { CheckVenusLimits = false });
            var q = Assert.IsType<AvgPool2dInt>(model.layer);
            var shape = new long[] { 2, 3, size, size };
            model.train();
            for (int i = 0; i < 2; i++) model.call(randn(shape) * range);
            model.eval();
            var x = randn(shape) * range;
            var y = model.call(x);
            var running = q.get_buffer("running_x")!.item<float>();
            int ex = Pow2Scale.FromRunning(running, 8).Exponent;
            var xq = TensorData.Floats(x).Select(v => IntReference.QuantF32(v, ex, 8)).ToArray();
            int oh = (size + 2 * pad - kh) / stride + 1, ow = (size + 2 * pad - kw) / stride + 1;
            var expected = new List<long>();
            for (int b = 0; b < 6; b++)
            for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                long sum = 0;
                for (int u = 0; u < kh; u++)
                for (int v = 0; v < kw; v++)
                {
                    int yy = i * stride - pad + u, xx = j * stride - pad + v;
                    if (yy >= 0 && yy < size && xx >= 0 && xx < size) sum += xq[b * size * size + yy * size + xx];
                }
                expected.Add(ChipDivision.AvgPoolWindow(sum, kh * kw, ex, ex));
            }
            Assert.Equal(expected.ToArray(), TensorData.Integers(y, ex));
        }, iter: 40, threads: 1);
    }

    [Fact]
    public void Eval_TieOnDivisorSix_RoundsAwayFromZeroLikeTheChip()
    {
        // window 2x3 = 6: a sum of -3 is an exact -0.5 tie; the chip rounds it away from zero (-1),
        // linger 1.x's half-up rounding would give 0.
        var model = Linger.Init(new Wrapper(nn.AvgPool2d(new long[] { 2, 3 })));
        model.train();
        model.call(full(1, 1, 2, 3, 127f)); // running_x -> scale 2^0
        model.eval();
        var x = tensor(new float[] { -1, -1, -1, 0, 0, 0 }).reshape(1, 1, 2, 3);
        Assert.Equal(new long[] { -1 }, TensorData.Integers(model.call(x), 0));
        var x2 = tensor(new float[] { 1, 1, 1, 0, 0, 0 }).reshape(1, 1, 2, 3);
        Assert.Equal(new long[] { 1 }, TensorData.Integers(model.call(x2), 0));
    }
}
