using LingerNet.Export;
using LingerNet.Numerics.Dialect;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.IqOps;

/// <summary>
/// A model whose forward is a test's delegate over named parts (registered as children, looked up by name at
/// call time so Init's replacements are seen): tests of the iq ops build a quantized stem and the op under test.
/// </summary>
internal sealed class IqHarness : nn.Module<Tensor, Tensor>
{
    private readonly Func<IqHarness, Tensor, Tensor[]> _body;

    public IqHarness(Func<IqHarness, Tensor, Tensor[]> body, params (string Name, nn.Module Module)[] parts) : base("net")
    {
        _body = body;
        foreach (var (name, module) in parts) register_module(name, module);
    }

    public IqHarness(Func<IqHarness, Tensor, Tensor> body, params (string Name, nn.Module Module)[] parts)
        : this((h, x) => [body(h, x)], parts) { }

    /// <summary>The current child called <paramref name="name"/>.</summary>
    public nn.Module<Tensor, Tensor> M(string name) => (nn.Module<Tensor, Tensor>)Part(name);

    public nn.Module Part(string name) => named_children().First(c => c.name == name).module;

    public Tensor[] All(Tensor x) => _body(this, x);

    public override Tensor forward(Tensor x) => _body(this, x)[0];
}

/// <summary>Train a few batches, eval, export, run the file, compare integers.</summary>
internal static class IqParity
{
    private static int s_files;

    /// <summary>
    /// Trains <paramref name="model"/> (after Init) on 3 random batches, evaluates one, exports for <paramref name="target"/>
    /// and asserts every output's scale and integers equal the runtime's. Returns the eval outputs.
    /// </summary>
    public static Tensor[] Check(IqHarness model, long[] shape, float range, int seed, ChipTarget target = ChipTarget.Venus, string? dir = null)
    {
        random.manual_seed(seed);
        Linger.Init(model);
        model.train();
        for (int i = 0; i < 3; i++) model.All(randn(shape) * range);
        model.eval();
        // Every third seed evaluates on inputs 4× the training range, so outputs and intermediates saturate.
        var x = randn(shape) * range * (seed % 3 == 0 ? 4f : 1f);
        var ys = model.All(x);
        dir ??= Path.GetTempPath();
        string path = Path.Combine(dir, $"iqop-{Environment.ProcessId}-{Interlocked.Increment(ref s_files)}.onnx");
        try
        {
            Linger.Export(model, [x], xs => model.All(xs[0]), path, new ExportOptions { Target = target });
            using var rt = LingerRuntime.Load(path, new LoadOptions { Target = target });
            var result = rt.Run(TensorData.Floats(x)).Outputs;
            Assert.Equal(ys.Length, result.Count);
            for (int k = 0; k < ys.Length; k++) RuntimeParity.AssertBitExact(ys[k], result[k]);
        }
        finally
        {
            File.Delete(path);
        }
        return ys;
    }

    /// <summary>Exports (after the same training) and returns the exception's message; the export must fail.</summary>
    public static string ExportError(IqHarness model, long[] shape, float range, int seed, ChipTarget target = ChipTarget.Venus)
    {
        var e = Assert.ThrowsAny<LingerException>(() => Check(model, shape, range, seed, target));
        return e.Message;
    }
}
