using LingerNet.Export;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Export;
using LingerNet.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.EndToEnd;

/// <summary>ExportOptions.DynamicBatch: the file declares dim 0 as "N" and the runtime runs any batch, bit-exact with eval.</summary>
public class DynamicBatchExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-dynbatch").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private void AssertBatchFiveEqualsEvalPerSample(Func<nn.Module<Tensor, Tensor>> make, int seed)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        var model = Linger.Init(make());
        model.train();
        for (int i = 0; i < 4; i++) model.call(randn(2, 3, 8, 8) * 2f);
        model.eval();
        string path = Path.Combine(_dir, $"m{seed}.onnx");
        Linger.Export(model, randn(1, 3, 8, 8), path, new ExportOptions { DynamicBatch = true });

        using var rt = LingerRuntime.Load(path);
        Assert.Equal(-1, rt.Inputs[0].Shape[0]);
        var x = randn(5, 3, 8, 8) * 2f;
        var result = rt.Run(new RuntimeTensor(rt.Inputs[0].Name, [5, 3, 8, 8], TensorData.Floats(x))).Outputs[0];
        Assert.Equal(5, result.Shape[0]);
        int per = result.Int8!.Length / 5;
        for (int n = 0; n < 5; n++)
        {
            var y = model.call(x[n].unsqueeze(0));
            var tag = QuantTags.Get(y)!;
            Assert.Equal(TensorData.Integers(y, tag.Scale.Exponent), result.Int8.AsSpan(n * per, per).ToArray().Select(v => (long)v).ToArray());
        }
    }

    [Fact]
    public void Export_DynamicBatch_SeqNetRunsBatchFive_EqualsEvalPerSample() => AssertBatchFiveEqualsEvalPerSample(() => new SeqNet(), 3);

    [Fact]
    public void Export_DynamicBatch_BranchNetRunsBatchFive_EqualsEvalPerSample() => AssertBatchFiveEqualsEvalPerSample(() => new BranchNet(), 4);
}
