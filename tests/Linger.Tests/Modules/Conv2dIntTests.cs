using CsCheck;
using LingerNet.Modules;
using LingerNet.Numerics;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Modules;

public class Conv2dIntTests
{
    private sealed record Case(int N, int Groups, int CinPerGroup, int CoutPerGroup, int Kh, int Kw, int Sh, int Sw, int Ph, int Pw,
        int H, int W, bool Bias, bool AheadRelu, float InputRange, int Seed);

    private static readonly Gen<Case> Cases =
        from n in Gen.Int[1, 2]
        from groups in Gen.Int[1, 3]
        from cin in Gen.Int[1, 3]
        from cout in Gen.Int[1, 3]
        from kh in Gen.Int[1, 5]
        from kw in Gen.Int[1, 5]
        from sh in Gen.OneOf(1, 2, 4)
        from sw in Gen.OneOf(1, 2, 4)
        from ph in Gen.Int[0, 4]
        from pw in Gen.Int[0, 4]
        from h in Gen.Int[5, 11]
        from w in Gen.Int[5, 11]
        from bias in Gen.Bool
        from ahead in Gen.Bool
        from range in Gen.OneOf(0.3f, 1f, 5f, 40f)
        from seed in Gen.Int[0, 1_000_000]
        where kh >= sh && kw >= sw && ph < kh && pw < kw
        select new Case(n, groups, cin, cout, kh, kw, sh, sw, Math.Min(ph, 4), Math.Min(pw, 4), h, w, bias, ahead, range, seed);

    [Fact]
    public void Eval_RandomShapesAndOptions_EqualsIntegerReference()
        => Cases.Sample(CheckCase, iter: 60, threads: 1);

    private static void CheckCase(Case c)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(c.Seed);
        int cin = c.CinPerGroup * c.Groups, cout = c.CoutPerGroup * c.Groups;
        var conv = nn.Conv2d(cin, cout, (c.Kh, c.Kw), stride: (c.Sh, c.Sw), padding: (c.Ph, c.Pw), groups: c.Groups, bias: c.Bias);
        var model = Linger.Init(new Wrapper(conv));
        var q = Assert.IsType<Conv2dInt>(model.layer);
        q.AheadRelu = c.AheadRelu;
        var shape = new long[] { c.N, cin, c.H, c.W };
        model.train();
        for (int i = 0; i < 3; i++) model.call(randn(shape) * c.InputRange);
        model.eval();
        var x = randn(shape) * c.InputRange;
        var y = model.call(x);

        var (ex, ew, eo) = LayerScales.Expected(q, q.Weight);

        var xq = TensorData.Floats(x).Select(v => IntReference.QuantF32(v, ex, 8)).ToArray();
        var wq = TensorData.Floats(q.Weight).Select(v => IntReference.QuantF64(v, ew, 8)).ToArray();
        var bq = q.Bias is null ? null : TensorData.Floats(q.Bias).Select(v => IntReference.QuantF64(v, ex + ew, 32)).ToArray();
        var acc = IntReference.Conv2d(xq, c.N, cin, c.H, c.W, wq, cout, c.Kh, c.Kw, bq, c.Sh, c.Sw, c.Ph, c.Pw, c.Groups, out int oh, out int ow);
        var expected = acc.Select(a => IntReference.Sat(IntReference.Rsh(a, ex + ew - eo), 8)).ToArray();

        Assert.Equal(new long[] { c.N, cout, oh, ow }, y.shape);
        Assert.Equal(expected, TensorData.Integers(y, eo));
    }

    [Fact]
    public void Train_Backward_GradientsReachWeightBiasAndInput()
    {
        random.manual_seed(7);
        var conv = nn.Conv2d(2, 3, 3, padding: 1);
        var model = Linger.Init(new Wrapper(conv));
        model.train();
        var x = randn(2, 2, 6, 6).requires_grad_(true);
        model.call(x).sum().backward();
        var q = (Conv2dInt)model.layer;
        Assert.NotNull(q.Weight.grad);
        Assert.True(q.Weight.grad!.abs().sum().item<float>() > 0);
        Assert.True(q.Bias!.grad!.abs().sum().item<float>() > 0);
        Assert.True(x.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Train_StraightThrough_InputGradientEqualsFloatConvGradientAtQuantizedWeights()
    {
        // With an identity STE, d(sum(conv(fq(x))))/dx equals the float conv's input gradient at the
        // fake-quantized weights: the quantizers do not mask or scale the gradient.
        random.manual_seed(11);
        var conv = nn.Conv2d(1, 2, 3, bias: false);
        var model = Linger.Init(new Wrapper(conv));
        model.train();
        var x = randn(1, 1, 5, 5).requires_grad_(true);
        model.call(x).sum().backward();
        var q = (Conv2dInt)model.layer;
        var sw = q.WeightScale(q.Weight);
        var fw = q.QuantizeWeight(q.Weight, sw).div(sw.Value).to_type(ScalarType.Float32);
        var x2 = x.detach().clone().requires_grad_(true);
        nn.functional.conv2d(x2, fw).sum().backward();
        Assert.Equal(TensorData.Floats(x2.grad!), TensorData.Floats(x.grad!));
    }
}
