using LingerNet.Constraint;
using LingerNet.Modules;
using LingerNet.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Constraint;

public class SafetyTests
{
    [Fact]
    public void Constrain_FusedConvOutputAlsoReadByUserCode_ThrowsAndLeavesModelUnchanged()
    {
        var model = new HiddenConsumerNet();
        ConstrainTests.RandomizeBatchNorms(model, 1);
        var e = Assert.Throws<LingerException>(() => Linger.Constrain(model, randn(2, 2, 5, 5)));
        Assert.Contains("conv + bn", e.Message);
        Assert.Contains("DisableConstrain", e.Message);
        Assert.IsType<Conv2d>(model.conv);
        Assert.IsType<BatchNorm2d>(model.bn);
        Assert.Equal(new[] { "conv", "bn" }, model.named_children().Select(c => c.name).ToArray());
    }

    [Fact]
    public void Constrain_WithoutFusion_AcceptsTheHiddenConsumer()
    {
        var model = Linger.Constrain(new HiddenConsumerNet(), randn(2, 2, 5, 5), new ConstrainOptions { FuseBatchNorm = false });
        Assert.IsType<ConstrainedConv2d>(model.conv);
        Assert.IsType<ConstrainedBatchNorm2d>(model.bn);
    }

    [Fact]
    public void Init_ConstrainedLinear_ClampsCarryOver_OutputsWithinBound()
    {
        var model = new Wrapper(nn.Linear(4, 3));
        using (no_grad()) foreach (var p in model.parameters()) p.fill_(8.0f);
        Linger.Constrain(model, randn(2, 4), new ConstrainOptions { Bounds = new ConstraintBounds(4, 4, 4) });
        Linger.Init(model);
        var q = Assert.IsType<LinearInt>(model.layer);
        Assert.Equal(4.0, q.ClampWeight);
        model.train();
        for (int i = 0; i < 3; i++) Assert.True(model.call(randn(8, 4) * 3).abs().max().item<float>() <= 4 + 1e-4);
        // In eval the bound no longer clamps (the chip has no clamp): only the int8 saturation limits the
        // output, so eval stays bit-exact with the runtime (docs/quantization.md).
        model.eval();
        var y = model.call(randn(8, 4) * 3);
        var tag = LingerNet.Quantization.QuantTags.Get(y)!;
        var ints = TensorData.Integers(y, tag.Scale.Exponent);
        Assert.All(ints, v => Assert.InRange(v, -128L, 127L));
    }

    [Fact]
    public void Init_DisableQuantOnFusedConv_KeepsThePairInFloatWithItsBatchNormKeys()
    {
        var x = randn(2, 2, 6, 6);
        var model = Linger.Constrain(new ConvBnReluNet(), x);
        var keys = model.state_dict().Keys.ToList();
        Linger.DisableQuant(model.conv);
        Linger.Init(model);
        Assert.IsType<ConvBn2d>(model.conv);
        Assert.IsType<EmptyBatchNorm>(model.bn);
        Assert.Contains("bn.running_var", model.state_dict().Keys);
        Assert.Contains("bn.weight", keys);
    }
}
