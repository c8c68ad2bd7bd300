using LingerNet.Modules;
using LingerNet.Numerics;
using LingerNet.Quantization;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Modules;

public class ScalePreservingTests
{
    private static Tensor OnGrid(long[] shape, int exponent, int seed)
    {
        random.manual_seed(seed);
        var q = randint(-128, 128, shape).to_type(ScalarType.Float32).div(Math.ScaleB(1.0, exponent));
        return QuantTags.Tag(q, new QuantInfo(new Pow2Scale(exponent), 8));
    }

    [Fact]
    public void Relu_KeepsScaleAndValues()
    {
        var m = Linger.Init(new Wrapper(nn.ReLU()));
        Assert.IsType<IqRelu>(m.layer);
        var x = OnGrid(new long[] { 2, 3, 4, 4 }, 4, 1);
        var y = m.call(x);
        Assert.Equal(new Pow2Scale(4), QuantTags.Get(y)!.Scale);
        Assert.Equal(TensorData.Integers(x, 4).Select(v => Math.Max(0, v)), TensorData.Integers(y, 4));
    }

    [Fact]
    public void MaxPool_KeepsScale_PaddingNeverWins()
    {
        var m = Linger.Init(new Wrapper(nn.MaxPool2d(new long[] { 3, 3 }, new long[] { 2, 2 }, new long[] { 1, 1 })));
        Assert.IsType<IqMaxPool2d>(m.layer);
        var x = QuantTags.Tag(full(1, 1, 4, 4, -1f), new QuantInfo(new Pow2Scale(0), 8));
        var y = m.call(x);
        Assert.All(TensorData.Integers(y, 0), v => Assert.Equal(-1L, v));
        Assert.Equal(new Pow2Scale(0), QuantTags.Get(y)!.Scale);
    }

    [Fact]
    public void Flatten_KeepsScale_ReturnsNewTensorObject()
    {
        var m = Linger.Init(new Wrapper(nn.Flatten()));
        var x = OnGrid(new long[] { 2, 3, 2, 2 }, -1, 2);
        var y = m.call(x);
        Assert.False(ReferenceEquals(x, y));
        Assert.Equal(new long[] { 2, 12 }, y.shape);
        Assert.Equal(new Pow2Scale(-1), QuantTags.Get(y)!.Scale);
    }

    [Fact]
    public void Dropout_BecomesIdentityAfterInit()
    {
        var m = Linger.Init(new Wrapper(nn.Dropout(0.5)));
        m.train();
        var x = OnGrid(new long[] { 4, 8 }, 3, 3);
        Assert.Equal(TensorData.Integers(x, 3), TensorData.Integers(m.call(x), 3));
    }
}
