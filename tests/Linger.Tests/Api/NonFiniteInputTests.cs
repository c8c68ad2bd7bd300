using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Api;

/// <summary>What eval() of a quantized model does with NaN and ±Infinity inputs, next to the runtime.</summary>
public class NonFiniteInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-nonfinite").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void EvalAndRuntime_NonFiniteInputs_Documented()
    {
        random.manual_seed(5);
        var model = Linger.Init(new Wrapper(nn.Linear(4, 3)));
        model.train();
        for (int i = 0; i < 4; i++) model.call(randn(8, 4));
        model.eval();
        var sample = randn(1, 4);
        string path = Path.Combine(_dir, "lin.onnx");
        Linger.Export(model, sample, path);
        using var rt = LingerRuntime.Load(path);

        float[] Runtime(Tensor x) => rt.Run(x.data<float>().ToArray()).Outputs[0].Float!;
        Tensor With(float v) { var x = sample.clone(); x[0, 0] = v; return x; }

        // NaN: eval() propagates it to every output; the runtime (like the chip's Quant) reads it as 0.
        Assert.All(model.call(With(float.NaN)).data<float>().ToArray(), v => Assert.True(float.IsNaN(v)));
        Assert.Equal(Runtime(With(0f)), Runtime(With(float.NaN)));

        // ±Infinity: both sides saturate it to the int8 range, exactly like a huge finite value, bit for bit.
        foreach (float inf in new[] { float.PositiveInfinity, float.NegativeInfinity })
        {
            Assert.Equal(model.call(With(inf)).data<float>().ToArray(), Runtime(With(inf)));
            Assert.Equal(Runtime(With(Math.Sign(inf) * 1e30f)), Runtime(With(inf)));
        }
    }
}
