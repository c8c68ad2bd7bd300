using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Export;

/// <summary>Export errors name the module at fault and the fix; multi-output graphs export and run.</summary>
public class ExportErrorTests
{
    private static T Trained<T>(T model, long[] shape) where T : nn.Module<Tensor, Tensor>
    {
        random.manual_seed(3);
        Linger.Init(model);
        model.train();
        for (int i = 0; i < 3; i++) model.call(randn(shape));
        return model;
    }

    [Fact]
    public void Export_FloatModuleBetweenQuantizedOnes_NamesItAsTheProducer()
    {
        var gelu = nn.GELU();
        Linger.DisableQuant(gelu);
        var model = Trained(new Seq(nn.Conv2d(1, 2, 3), gelu, nn.Conv2d(2, 2, 1)), [2, 1, 6, 6]);
        var e = Assert.Throws<LingerException>(() => Linger.Export(model, randn(1, 1, 6, 6), ExportTestSupport.TempPath("m.onnx")));
        Assert.Contains("module 'c' (Conv2dInt) received as input 0", e.Message);
        Assert.Contains("produced by module 'b' (GELU), which is kept in float by Linger.DisableQuant", e.Message);
    }

    [Fact]
    public void Export_SampleOfWrongShape_NamesTheFirstFailingModuleAndShapes()
    {
        var model = Trained(new Seq(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten()), [2, 1, 6, 6]);
        string path = ExportTestSupport.TempPath("m.onnx");
        var e = Assert.Throws<LingerException>(() => Linger.Export(model, randn(1, 3, 6, 6), path));
        Assert.Contains("module 'a' (Conv2dInt) failed on an input of shape [1, 3, 6, 6]", e.Message);
        Assert.False(File.Exists(path));
        // The model is intact: the watch wrappers are gone and it still runs.
        Assert.IsType<LingerNet.Modules.Conv2dInt>(model.a);
        model.call(randn(1, 1, 6, 6));
    }

    [Fact]
    public void Export_TwoOutputsOneIntermediate_RunsBitExactForBoth()
    {
        var model = Trained(new Seq(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Conv2d(2, 3, 1)), [2, 1, 6, 6]);
        model.eval();
        var x = randn(1, 1, 6, 6);
        Tensor mid = null!, last = null!;
        string path = ExportTestSupport.TempPath("two.onnx");
        Linger.Export(model, [x], xs =>
        {
            mid = model.a.call(xs[0]);
            last = model.c.call(model.b.call(mid));
            return [last, mid];
        }, path, new LingerNet.Export.ExportOptions { OutputNames = ["logits", "features"] });
        using var rt = LingerRuntime.Load(path);
        Assert.Equal(["logits", "features"], rt.OutputNames);
        var r = rt.Run(TensorData.Floats(x));
        var yMid = model.a.call(x);
        var yLast = model.c.call(model.b.call(yMid));
        Assert.Equal(TensorData.Integers(yLast, Quantization.QuantTags.Get(yLast)!.Scale.Exponent), r["logits"].Int8!.Select(v => (long)v).ToArray());
        Assert.Equal(TensorData.Integers(yMid, Quantization.QuantTags.Get(yMid)!.Scale.Exponent), r["features"].Int8!.Select(v => (long)v).ToArray());
    }
}
