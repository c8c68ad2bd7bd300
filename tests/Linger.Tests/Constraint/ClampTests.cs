using LingerNet.Constraint;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Constraint;

/// <summary>linger's test_clamp_*: weights 8 with bound 4, outputs never above the output bound.</summary>
public class ClampTests
{
    private static readonly ConstrainOptions Bound4 = new() { Bounds = new ConstraintBounds(4.0, 4.0, 4.0) };

    private static void FillEight(nn.Module m)
    {
        using var _ = no_grad();
        foreach (var p in m.parameters()) p.fill_(8.0f);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Conv2d_WeightsEight_OutputsWithinBound(bool train, bool fused)
    {
        random.manual_seed(1);
        nn.Module<Tensor, Tensor> model = fused ? new ConvBnReluNet() : new Wrapper(nn.Conv2d(2, 4, 3, padding: 1));
        FillEight(model);
        Linger.Constrain(model, randn(2, 2, 6, 6), Bound4);
        model.train(train);
        var x = randn(2, 2, 6, 6) * 5;
        var y = model is ConvBnReluNet net ? net.conv.call(x) : model.call(x);
        Assert.True(y.abs().max().item<float>() <= 4 + 1e-4);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Linear_WeightsEight_OutputsWithinBoundAndClampedWeightsGetNoGradient(bool train)
    {
        var model = new Wrapper(nn.Linear(5, 3));
        using (no_grad())
        {
            foreach (var p in model.parameters()) p.fill_(1.0f);
            ((TorchSharp.Modules.Linear)model.layer).weight![0, 0] = 8.0f;
        }
        Linger.Constrain(model, randn(2, 5), Bound4);
        model.train(train);
        var x = randn(4, 5) * 0.01;
        var y = model.call(x);
        Assert.True(y.abs().max().item<float>() <= 4 + 1e-4);
        y.sum().backward();
        var grad = ((ConstrainedLinear)model.layer).Linear.weight!.grad!;
        Assert.Equal(0.0f, grad[0, 0].item<float>());          // 8 was clamped to 4: zero gradient
        Assert.NotEqual(0.0f, grad[0, 1].item<float>());       // 1 is inside the bound
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchNorm2d_WeightsEight_OutputsWithinBound(bool train)
    {
        var model = new Wrapper(nn.BatchNorm2d(3));
        FillEight(model);
        Linger.Constrain(model, randn(2, 3, 4, 4), Bound4);
        model.train(train);
        var y = model.call(randn(2, 3, 4, 4) * 10);
        Assert.True(y.abs().max().item<float>() <= 4 + 1e-4);
    }

    [Fact]
    public void ConstrainModule_OverridesTheDefaultsForThatModule()
    {
        var model = new ConvBnReluNet();
        Linger.ConstrainModule(model.fc1, weight: 2, bias: 1, output: null);
        Linger.Constrain(model, randn(2, 2, 6, 6));
        Assert.Equal(new ConstraintBounds(2, 1, null), ((ConstrainedLinear)model.fc1).Bounds);
        Assert.Equal(ConstraintBounds.Default, ((ConstrainedLinear)model.fc2).Bounds);
    }

    [Fact]
    public void ConstrainModule_BadBound_Throws()
        => Assert.Throws<LingerException>(() => Linger.ConstrainModule(nn.Linear(2, 2), weight: -1));
}
