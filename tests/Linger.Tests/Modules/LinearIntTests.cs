using CsCheck;
using LingerNet.Modules;
using LingerNet.Numerics;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Modules;

public class LinearIntTests
{
    [Fact]
    public void Eval_RandomShapesAndOptions_EqualsIntegerReference()
    {
        var gen = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 40], Gen.Int[1, 12], Gen.Bool, Gen.Bool, Gen.OneOf(0.2f, 1f, 30f), Gen.Int[0, 1_000_000]);
        gen.Sample((m, inF, outF, bias, ahead, range, seed) =>
        {
            using var scope = NewDisposeScope();
            random.manual_seed(seed);
            var model = Linger.Init(new Wrapper(nn.Linear(inF, outF, hasBias: bias)));
            var q = Assert.IsType<LinearInt>(model.layer);
            q.AheadRelu = ahead;
            model.train();
            for (int i = 0; i < 3; i++) model.call(randn(m, inF) * range);
            model.eval();
            var x = randn(m, inF) * range;
            var y = model.call(x);

            var (ex, ew, eo) = LayerScales.Expected(q, q.Weight);
            var xq = TensorData.Floats(x).Select(v => IntReference.QuantF32(v, ex, 8)).ToArray();
            var wq = TensorData.Floats(q.Weight).Select(v => IntReference.QuantF64(v, ew, 8)).ToArray();
            var bq = q.Bias is null ? null : TensorData.Floats(q.Bias).Select(v => IntReference.QuantF64(v, ex + ew, 32)).ToArray();
            var expected = new long[m * outF];
            for (int r = 0; r < m; r++)
            for (int o = 0; o < outF; o++)
            {
                long acc = bq?[o] ?? 0;
                for (int i = 0; i < inF; i++) acc += xq[r * inF + i] * wq[o * inF + i];
                expected[r * outF + o] = IntReference.Sat(IntReference.Rsh(acc, ex + ew - eo), 8);
            }
            Assert.Equal(expected, TensorData.Integers(y, eo));
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Eval_FloatOutputConfigured_ReturnsAccumulatorOverScale()
    {
        random.manual_seed(3);
        var linear = nn.Linear(5, 2);
        var model = new Wrapper(linear);
        Linger.QuantModule(linear, outBits: null);
        Linger.Init(model);
        var q = Assert.IsType<LinearInt>(model.layer);
        model.train();
        model.call(randn(4, 5));
        model.eval();
        var x = randn(3, 5);
        var y = model.call(x);
        Assert.Null(Quantization.QuantTags.Get(y));
        int ex = Pow2Scale.FromRunning(q.RunningX.item<float>(), 8).Exponent;
        int ew = Pow2Scale.FromMaxAbs(q.Weight.abs().max().item<float>(), 8).Exponent;
        var xq = TensorData.Floats(x).Select(v => IntReference.QuantF32(v, ex, 8)).ToArray();
        var wq = TensorData.Floats(q.Weight).Select(v => IntReference.QuantF64(v, ew, 8)).ToArray();
        var bq = TensorData.Floats(q.Bias!).Select(v => IntReference.QuantF64(v, ex + ew, 32)).ToArray();
        var yv = TensorData.Doubles(y);
        for (int r = 0; r < 3; r++)
        for (int o = 0; o < 2; o++)
        {
            long acc = bq[o];
            for (int i = 0; i < 5; i++) acc += xq[r * 5 + i] * wq[o * 5 + i];
            Assert.Equal((float)(acc * Math.ScaleB(1.0, -(ex + ew))), (float)yv[r * 2 + o]);
        }
    }

    [Fact]
    public void Train_Backward_GradientsReachWeightAndInput()
    {
        random.manual_seed(5);
        var model = Linger.Init(new Wrapper(nn.Linear(6, 3)));
        model.train();
        var x = randn(4, 6).requires_grad_(true);
        model.call(x).pow(2).sum().backward();
        var q = (LinearInt)model.layer;
        Assert.True(q.Weight.grad!.abs().sum().item<float>() > 0);
        Assert.True(x.grad!.abs().sum().item<float>() > 0);
    }
}
