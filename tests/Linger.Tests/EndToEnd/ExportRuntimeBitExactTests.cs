using CsCheck;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Export;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.EndToEnd;

/// <summary>
/// "What you trained is what runs": a model's eval() output (×2^n_o) equals, integer for integer,
/// the C# runtime's output on the exported file, for the same float input.
/// </summary>
public class ExportRuntimeBitExactTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-e2e").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private void AssertBitExact(Func<nn.Module<Tensor, Tensor>> make, long[] inputShape, int seed, float range, int evalBatches = 3)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        var model = Linger.Init(make());
        model.train();
        for (int i = 0; i < 4; i++) model.call(randn(inputShape) * range);
        model.eval();
        var sample = randn(inputShape) * range;
        string path = Path.Combine(_dir, $"m{seed}.onnx");
        Linger.Export(model, sample, path);
        using var rt = LingerRuntime.Load(path);
        for (int b = 0; b < evalBatches; b++)
        {
            var x = b == 0 ? sample : randn(inputShape) * range;
            var y = model.call(x);
            var tag = QuantTags.Get(y);
            var result = rt.Run(TensorData.Floats(x)).Outputs[0];
            Assert.Equal(y.shape.Select(d => (int)d).ToArray(), result.Shape);
            if (tag is not null)
            {
                Assert.NotNull(result.Int8);
                Assert.Equal(tag.Scale, result.Scale);
                Assert.Equal(TensorData.Integers(y, tag.Scale.Exponent), result.Int8!.Select(v => (long)v).ToArray());
            }
            else
            {
                Assert.Equal(TensorData.Floats(y), result.Float);
            }
        }
    }

    [Fact]
    public void SequentialCnn_ConvBnReluPoolLinear_BitExact()
        => Gen.Int[0, 100_000].Sample(seed => AssertBitExact(() => new SeqNet(), new long[] { 2, 3, 8, 8 }, seed, 2f), iter: 8, threads: 1);

    [Fact]
    public void MultiBranch_ResidualAddCatAvgPool_BitExact()
        => Gen.Select(Gen.Int[0, 100_000], Gen.OneOf(0.5f, 3f, 20f)).Sample((seed, range) =>
            AssertBitExact(() => new BranchNet(), new long[] { 2, 3, 8, 8 }, seed, range), iter: 8, threads: 1);

    [Fact]
    public void SharedInput_FloatHead_BitExact()
        => AssertBitExact(() => new SharedInputNet(), new long[] { 1, 3, 8, 8 }, 5, 1f);
}
