using LingerNet.Quantization;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Modules;

public class ActivationQuantizerTrainTests
{
    [Fact]
    public void MaxAbs_RandomTensors_EqualsAbsMax()
    {
        random.manual_seed(3);
        foreach (var scale in new[] { 1e-3, 1.0, 300.0 })
        {
            using var scope = NewDisposeScope();
            var t = randn(7, 5, 3) * scale + (scale / 2);
            Assert.Equal((double)t.abs().max().item<float>(), ActivationQuantizer.MaxAbs(t));
            Assert.Equal((double)t.neg().abs().max().item<float>(), ActivationQuantizer.MaxAbs(t.neg()));
        }
    }

    [Theory]
    [InlineData(false, 0.5)]
    [InlineData(false, 100.0)]
    [InlineData(true, 0.7)]
    [InlineData(true, 100.0)]
    public void QuantizeOutputTrain_ClampOutput_SameValuesAndGradientsAsClampFirst(bool aheadRelu, double bound)
    {
        // Binding (0.5, 0.7) and non-binding (100) bounds: the fused form equals clamp-then-quantize.
        random.manual_seed(4);
        using var scope = NewDisposeScope();
        var x = randn(4, 3, 5, 5);
        var a = x.clone().requires_grad_(true);
        var b = x.clone().requires_grad_(true);
        var runningA = RunningStatistic.NewBuffer();
        var runningB = RunningStatistic.NewBuffer();
        var expected = ActivationQuantizer.QuantizeOutputTrain(a.clamp(-bound, bound), runningA, 8, aheadRelu, 12);
        var actual = ActivationQuantizer.QuantizeOutputTrain(b, runningB, 8, aheadRelu, 12, bound);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
        Assert.Equal(QuantTags.Get(expected)!.Scale, QuantTags.Get(actual)!.Scale);
        Assert.Equal(runningA.item<float>(), runningB.item<float>());
        var g = randn(4, 3, 5, 5);
        (expected * g).sum().backward();
        (actual * g).sum().backward();
        Assert.Equal(a.grad!.data<float>().ToArray(), b.grad!.data<float>().ToArray());
    }
}
