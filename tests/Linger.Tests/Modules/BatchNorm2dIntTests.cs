using CsCheck;
using LingerNet.Modules;
using LingerNet.Numerics;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Modules;

public class BatchNorm2dIntTests
{
    [Fact]
    public void Eval_RandomShapes_EqualsPerChannelIntegerReference()
    {
        var gen = Gen.Select(Gen.Int[1, 3], Gen.Int[1, 6], Gen.Int[1, 6], Gen.Bool, Gen.OneOf(0.5f, 3f, 20f), Gen.Int[0, 1_000_000]);
        gen.Sample((n, c, hw, ahead, range, seed) =>
        {
            using var scope = NewDisposeScope();
            random.manual_seed(seed);
            var bn = nn.BatchNorm2d(c);
            using (no_grad())
            {
                bn.weight!.uniform_(0.2, 2.0);
                bn.bias!.uniform_(-1.0, 1.0);
            }
            var model = Linger.Init(new Wrapper(bn));
            var q = Assert.IsType<BatchNorm2dInt>(model.layer);
            q.AheadRelu = ahead;
            var shape = new long[] { n, c, hw, hw };
            model.train();
            for (int i = 0; i < 4; i++) model.call(randn(shape) * range + 0.3f);
            model.eval();
            var x = randn(shape) * range;
            var y = model.call(x);

            var alpha = bn.weight! / (q.RunningVar + q.Eps).sqrt();
            var beta = bn.bias! - q.RunningMean * alpha;
            var (ex, ew, eo) = LayerScales.Expected(q, alpha);
            var aq = TensorData.Floats(alpha).Select(v => IntReference.QuantF64(v, ew, 8)).ToArray();
            var bq = TensorData.Floats(beta).Select(v => IntReference.QuantF64(v, ex + ew, 32)).ToArray();
            var xs = TensorData.Floats(x);
            var expected = new long[xs.Length];
            for (int i = 0; i < xs.Length; i++)
            {
                int ch = i / (hw * hw) % c;
                long acc = IntReference.QuantF32(xs[i], ex, 8) * aq[ch] + bq[ch];
                expected[i] = IntReference.Sat(IntReference.Rsh(acc, ex + ew - eo), 8);
            }
            Assert.Equal(expected, TensorData.Integers(y, eo));
        }, iter: 40, threads: 1);
    }

    [Fact]
    public void Train_UpdatesRunningStatisticsAndPassesGradients()
    {
        random.manual_seed(9);
        var bn = nn.BatchNorm2d(3);
        var model = Linger.Init(new Wrapper(bn));
        model.train();
        var x = (randn(4, 3, 5, 5) * 2 + 1).requires_grad_(true);
        model.call(x).pow(2).sum().backward();
        var q = (BatchNorm2dInt)model.layer;
        Assert.True(q.RunningMean.abs().sum().item<float>() > 0);
        Assert.True(bn.weight!.grad!.abs().sum().item<float>() > 0);
        Assert.True(x.grad!.abs().sum().item<float>() > 0);
    }
}
