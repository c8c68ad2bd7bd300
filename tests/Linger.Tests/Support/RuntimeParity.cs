using LingerNet.Export;
using LingerNet.Quantization;
using LingerNet.Runtime;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Support;

/// <summary>
/// Runtime parity of a quantized model: a few training batches (they set the statistics), eval on a fresh batch,
/// export, the runtime on the same input; the eval output's integers must equal the runtime's. The exported files go
/// to a temporary folder that <see cref="Dispose"/> deletes (a test class holds one instance).
/// </summary>
internal sealed class RuntimeParity : IDisposable
{
    private readonly string _dir;
    private int _files;

    /// <summary>Creates the folder <c>linger-<paramref name="name"/>*</c> under the temporary directory.</summary>
    public RuntimeParity(string name) => _dir = Directory.CreateTempSubdirectory($"linger-{name}").FullName;

    /// <summary>A new file name in the folder.</summary>
    public string NextPath(string prefix = "op") => Path.Combine(_dir, $"{prefix}{Interlocked.Increment(ref _files)}.onnx");

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>
    /// Trains <paramref name="model"/> (already Init'ed) on 3 batches of randn(<paramref name="shape"/>)·range, evaluates
    /// a fresh batch at range·<paramref name="evalGain"/> (after <paramref name="beforeEval"/>), exports and runs it.
    /// </summary>
    public (Tensor Input, Tensor Eval, RunResult Runtime) ExportAndRun(nn.Module<Tensor, Tensor> model, long[] shape, float range,
        ExportOptions? export = null, LoadOptions? load = null, float evalGain = 1f, Action? beforeEval = null, RunOptions? run = null)
    {
        model.train();
        for (int i = 0; i < 3; i++) model.call(randn(shape) * range);
        model.eval();
        beforeEval?.Invoke();
        var x = randn(shape) * (range * evalGain);
        var y = model.call(x);
        string path = NextPath();
        Linger.Export(model, x, path, export);
        using var rt = LingerRuntime.Load(path, load);
        return (x, y, rt.Run(TensorData.Floats(x), run));
    }

    /// <summary>Seeds, Inits the model <paramref name="make"/> builds, then <see cref="ExportAndRun"/> and <see cref="AssertBitExact"/>.</summary>
    /// <returns>The output integers.</returns>
    public long[] Check(Func<nn.Module<Tensor, Tensor>> make, long[] shape, float range, int seed,
        LingerOptions? options = null, ExportOptions? export = null, LoadOptions? load = null)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        var model = Linger.Init(make(), options);
        var (_, y, result) = ExportAndRun(model, shape, range, export, load);
        return AssertBitExact(y, result.Outputs[0]);
    }

    /// <summary>Asserts the runtime output has eval's scale, shape and integers; returns the integers.</summary>
    public static long[] AssertBitExact(Tensor eval, RunOutput runtime)
    {
        var tag = QuantTags.Get(eval) ?? throw new Xunit.Sdk.XunitException("the eval output is not quantized");
        Assert.Equal(tag.Scale, runtime.Scale);
        Assert.Equal(eval.shape.Select(d => (int)d).ToArray(), runtime.Shape);
        var expected = TensorData.Integers(eval, tag.Scale.Exponent);
        Assert.Equal(expected, runtime.Int8!.Select(v => (long)v).ToArray());
        return expected;
    }
}
