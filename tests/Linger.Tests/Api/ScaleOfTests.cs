using LingerNet.Numerics;
using LingerNet.Quantization;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Api;

public class ScaleOfTests
{
    [Fact]
    public void ScaleOf_QuantizedLinearOutput_IsTheTaggedScaleAndValuesAreOnItsGrid()
    {
        random.manual_seed(3);
        var m = Linger.Init(new Wrapper(nn.Linear(6, 4)));
        m.train();
        m.call(randn(8, 6));   // one step of statistics so the output scale exists
        m.eval();
        var y = m.call(randn(2, 6));

        Pow2Scale scale = Linger.ScaleOf(y);

        Assert.Equal(QuantTags.Get(y)!.Scale, scale);
        var scaled = y.mul(Math.ScaleB(1.0, scale.Exponent)).data<float>().ToArray();
        Assert.All(scaled, v => Assert.Equal(Math.Round(v), v));
    }

    [Fact]
    public void ScaleOf_PlainFloatTensor_ThrowsLingerExceptionThatSaysWhy()
    {
        var e = Assert.Throws<LingerException>(() => Linger.ScaleOf(ones(2, 2)));
        Assert.Contains("no quantization scale", e.Message);
    }

    [Fact]
    public void ScaleOf_TensorComputedFromAQuantizedOne_Throws()
    {
        var x = QuantTags.Tag(ones(2, 2), new QuantInfo(new Pow2Scale(3), 8));
        Assert.Equal(new Pow2Scale(3), Linger.ScaleOf(x));
        Assert.Throws<LingerException>(() => Linger.ScaleOf(x.mul(2)));
    }
}
