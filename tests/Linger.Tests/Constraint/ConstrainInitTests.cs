using LingerNet.Constraint;
using LingerNet.Modules;
using LingerNet.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Constraint;

public class ConstrainInitTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void ConstrainThenInit_ProducesConv2dIntWithFoldedWeights_AndEvalRuns()
    {
        random.manual_seed(7);
        var x = randn(4, 2, 6, 6);
        var model = new ConvBnReluNet();
        ConstrainTests.RandomizeBatchNorms(model, 8);
        Linger.Constrain(model, x, new ConstrainOptions { Bounds = ConstraintBounds.None });
        model.eval();
        var constrainedOut = model.call(x);
        var (wf, bf) = ((ConvBn2d)model.conv).FoldedParameters();

        Linger.Init(model);
        var q = Assert.IsType<Conv2dInt>(model.conv);
        Assert.IsType<FoldedBatchNorm>(model.bn);
        Assert.IsType<IqRelu>(model.relu);
        Assert.True(Assert.IsType<LinearInt>(model.fc1).AheadRelu);
        Assert.True(q.AheadRelu);
        Assert.Equal(TensorData.Floats(wf), TensorData.Floats(q.Weight));
        Assert.Equal(TensorData.Floats(bf), TensorData.Floats(q.Bias!));
        Assert.DoesNotContain(model.state_dict().Keys, k => k.StartsWith("bn.", StringComparison.Ordinal));

        model.train();
        using (no_grad()) for (int i = 0; i < 4; i++) model.call(randn(4, 2, 6, 6));
        model.eval();
        var y = model.call(x);
        Assert.Equal(new long[] { 4, 3 }, y.shape);
        Assert.True(y.isfinite().all().item<bool>());
        double rel = (y - constrainedOut).abs().max().item<float>() / constrainedOut.abs().max().item<float>();
        output.WriteLine($"quantized eval vs constrained float eval: max relative difference {rel:G3}");
        Assert.True(rel < 0.25, $"quantized eval far from the constrained float eval: {rel}");
    }

    [Fact]
    public void ConstrainedBatchNorm_FreezeCarriesIntoBatchNorm2dInt()
    {
        var model = new BranchNet();
        Linger.Constrain(model, randn(2, 2, 5, 5), new ConstrainOptions { FreezeBatchNorm = true });
        Linger.Init(model);
        Assert.Equal(0.0, Assert.IsType<BatchNorm2dInt>(model.bn0).Momentum);
        Assert.True(((BatchNorm2dInt)model.bn0).AheadRelu);
    }

    [Fact]
    public void Constrain_AfterInit_Throws()
    {
        var model = Linger.Init(new ConvBnReluNet());
        var e = Assert.Throws<LingerException>(() => Linger.Constrain(model, randn(2, 2, 6, 6)));
        Assert.Contains("Linger.Init", e.Message);
    }

    [Fact]
    public void Constrain_Twice_Throws()
    {
        var model = Linger.Constrain(new ConvBnReluNet(), randn(2, 2, 6, 6));
        Assert.Throws<LingerException>(() => Linger.Constrain(model, randn(2, 2, 6, 6)));
    }

    [Fact]
    public void Constrain_SampleThatDoesNotRun_ThrowsAndLeavesModelUnchanged()
    {
        var model = new ConvBnReluNet();
        var e = Assert.Throws<LingerException>(() => Linger.Constrain(model, randn(2, 3, 6, 6)));
        Assert.Contains("does not run", e.Message);
        Assert.Contains("[2, 3, 6, 6]", e.Message);
        Assert.IsType<Conv2d>(model.conv);
        Assert.IsType<BatchNorm2d>(model.bn);
        Assert.True(model.training);
        model.call(randn(2, 2, 6, 6)); // still a working float model
    }

    [Fact]
    public void Constrain_UnsupportedLayers_ThrowsNamingThem()
    {
        var model = new UnsupportedNet();
        var e = Assert.Throws<LingerException>(() => Linger.Constrain(model, randn(2, 2, 6, 6)));
        Assert.Contains("'conv' (Conv2d): padding mode", e.Message);
        Assert.Contains("'bn' (BatchNorm2d): needs track_running_stats", e.Message);
    }

    [Fact]
    public void Constrain_SealedFieldType_Throws()
    {
        var model = new SealedFieldNet();
        var e = Assert.Throws<LingerException>(() => Linger.Constrain(model, randn(2, 2, 4, 4)));
        Assert.Contains("field 'conv'", e.Message);
    }

    private sealed class UnsupportedNet : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> conv = nn.Conv2d(2, 4, 3, padding: 1, padding_mode: PaddingModes.Reflect);
        public nn.Module<Tensor, Tensor> bn = nn.BatchNorm2d(4, track_running_stats: false);

        public UnsupportedNet() : base("unsupported") => RegisterComponents();

        public override Tensor forward(Tensor x) => bn.call(conv.call(x));
    }

    private sealed class SealedFieldNet : nn.Module<Tensor, Tensor>
    {
        public Conv2d conv = nn.Conv2d(2, 2, 1);

        public SealedFieldNet() : base("sealed") => RegisterComponents();

        public override Tensor forward(Tensor x) => conv.call(x);
    }
}
