using Google.Protobuf;
using LingerNet.Numerics.Dialect;
using Onnx;
using Xunit;
using Xunit.Abstractions;

namespace LingerNet.Runtime.Tests.Fuzzing;

/// <summary>Hostile model files: only <see cref="LingerException"/>, no hangs, bounded memory.</summary>
public class LoaderFuzzTests
{
    private readonly ITestOutputHelper _log;

    public LoaderFuzzTests(ITestOutputHelper log) => _log = log;

    private void AssertClean(LoaderFuzzer.Report report)
    {
        _log.WriteLine(report.ToString());
        foreach (var f in report.Failures.Take(20)) _log.WriteLine($"case {f.Case} ({f.Model}; {f.How}): {f.What}");
        foreach (var f in report.MaskedExamples) _log.WriteLine($"masked: case {f.Case} ({f.Model}; {f.How}): {f.What}");
        if (report.Failures.Count > 0)
        {
            var f = report.Failures[0];
            Assert.Fail($"{report.Failures.Count} of {report.Cases} mutated models misbehaved; first: case {f.Case} ({f.Model}; {f.How}): {f.What}");
        }
    }

    [Fact]
    public void Corpus_Unmutated_LoadsAndRuns()
    {
        var corpus = LoaderFuzzer.Corpus();
        Assert.True(corpus.Count >= 4);
        foreach (var (name, bytes) in corpus)
        {
            using var rt = LingerRuntime.Load(bytes, name);
            var gi = rt.Inputs[0];
            var input = new float[gi.Shape.Aggregate(1, (a, d) => a * Math.Max(d, 1))];
            Assert.NotEmpty(rt.Run(input).Outputs);
        }
    }

    [Fact]
    public void Fuzz_3000MutatedModels_OnlyLingerException_NoHang_BoundedMemory()
    {
        var report = LoaderFuzzer.Run(3000, seed: 20261202, timeout: TimeSpan.FromMinutes(3));
        AssertClean(report);
        Assert.Equal(3000, report.Cases);
        Assert.True(report.Refused > 0 && report.Loaded > 0, "the mutations should both break and keep some models");
    }

    /// <summary>
    /// The benchmark-sized run (the README's reliability figure): LINGER_FUZZ_COUNT cases (default
    /// 100,000), LINGER_FUZZ_SEED (default 1).
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Fuzz_BenchmarkCount_OnlyLingerException_NoHang_BoundedMemory()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("LINGER_FUZZ_COUNT"), out int c) ? c : 100_000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("LINGER_FUZZ_SEED"), out int s) ? s : 1;
        var report = LoaderFuzzer.Run(count, seed, timeout: TimeSpan.FromMinutes(30));
        AssertClean(report);
        Assert.Equal(count, report.Cases);
        Assert.Empty(report.Masked);
    }

    [Fact]
    public void Load_2GbTensorDeclaredInATinyFile_RefusedBeforeAllocating()
    {
        // A 1 KB-ish file whose initializer claims 2^29 floats (2 GiB) with no data behind it.
        var mb = EndToEndTests.WorkedExample(new Random(1));
        var t = OnnxModelBuilder.Tensor("huge", OnnxDataTypes.Float, [1 << 29]);
        mb.Graph.Initializer.Add(t);
        foreach (var kind in new[] { "typed", "raw" })
        {
            if (kind == "raw") t.RawData = ByteString.CopyFrom(new byte[16]);
            byte[] bytes = mb.Bytes();
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<LingerException>(() => LingerRuntime.Load(bytes, "bomb.onnx"));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains("bomb.onnx", e.Message);
            Assert.Contains("'huge'", e.Message);
            Assert.True(allocated < 4 << 20, $"{kind}: allocated {allocated} bytes before refusing");
        }
    }

    [Fact]
    public void Load_HugeDeclaredInputShape_RefusedWithoutAllocating()
    {
        // [1, 3, 46341, 46341]: every intermediate tensor of the graph would exceed the runtime's limit.
        var mb = EndToEndTests.WorkedExample(new Random(1));
        var dims = mb.Graph.Input[0].Type.TensorType.Shape.Dim;
        dims[2].DimValue = 46_341;
        dims[3].DimValue = 46_341;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<LingerException>(() => LingerRuntime.Load(mb.Bytes(), "wide.onnx"));
        _log.WriteLine(e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20);
        Assert.Contains("wide.onnx", e.Message);
    }

    [Fact]
    public void Load_Int8InitializerWithOutOfRangeInt32Data_NamesTensorAndValue()
    {
        var mb = EndToEndTests.WorkedExample(new Random(1));
        var w = mb.Graph.Initializer.First(t => t.Name == "conv.weight");
        int n = w.RawData.Length;
        w.RawData = ByteString.Empty;
        w.Int32Data.AddRange(Enumerable.Repeat(1, n));
        w.Int32Data[5] = 300;
        var e = Assert.Throws<LingerException>(() => LingerRuntime.Load(mb.Bytes(), "range.onnx"));
        Assert.Contains("'conv.weight'", e.Message);
        Assert.Contains("value 5 = 300", e.Message);
        Assert.True(e.InnerException is null or LingerException, "no .NET exception underneath");
    }

    [Fact]
    public void Fuzz_3000MutatedModels_NoInternalErrorHiddenByTheCatchAll()
    {
        var report = LoaderFuzzer.Run(3000, seed: 77, timeout: TimeSpan.FromMinutes(3));
        AssertClean(report);
        Assert.Empty(report.Masked);
    }

    [Fact]
    public void Load_FlattenOfInputDeclaredBeyondInt32Elements_RefusedWithLingerExceptionOnly()
    {
        // Found by the fuzzer: [1, 3, 100000, 2^31 − 1] into a Flatten overflowed int32 in shape inference.
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Float, 1, 3, 100_000, int.MaxValue).Output("y");
        mb.Std(OpTypes.Flatten, ["x"], ["y"], "flat");
        var e = Assert.Throws<LingerException>(() => LingerRuntime.Load(mb.Bytes(), "flat.onnx"));
        Assert.Contains("graph input 'x'", e.Message);
        Assert.Contains("2^31", e.Message);
        Assert.True(e.InnerException is null or LingerException, "no .NET exception underneath");
    }

    [Fact]
    public void Fuzz_2000RandomGraphsFromTheOpTable_OnlyLingerException_NoInternalErrors()
    {
        var report = LoaderFuzzer.RunRandomGraphs(2000, seed: 5, timeout: TimeSpan.FromMinutes(3));
        AssertClean(report);
        Assert.Empty(report.Masked);
        Assert.True(report.Loaded > 0, "some random graphs should be valid");
    }

    /// <summary>The benchmark-sized random-graph run: LINGER_FUZZ_GRAPHS cases (default 100,000).</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Fuzz_RandomGraphsBenchmarkCount_OnlyLingerException_NoInternalErrors()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("LINGER_FUZZ_GRAPHS"), out int c) ? c : 100_000;
        var report = LoaderFuzzer.RunRandomGraphs(count, seed: 1, timeout: TimeSpan.FromMinutes(20));
        AssertClean(report);
        Assert.Empty(report.Masked);
    }

    [Fact]
    public void Load_ConstantNodeWithAnEmptyAndAPresentInput_ReportsArityNotAnIndexError()
    {
        // Found by the random-graph fuzzer: the structure check looked up an input port a Constant does not have.
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Float, 1, 4).Output("c");
        var value = OnnxModelBuilder.Tensor("", OnnxDataTypes.Float, [1]);
        value.FloatData.Add(1f);
        mb.Std(OpTypes.Constant, ["", "x"], ["c"], "const", (AttributeNames.Value, value));
        var e = Assert.Throws<LingerException>(() => LingerRuntime.Load(mb.Bytes(), "const.onnx"));
        Assert.Contains("'const'", e.Message);
        Assert.Contains("inputs", e.Message);
        Assert.True(e.InnerException is null or LingerException, "no .NET exception underneath");
    }

    [Fact]
    public void Load_ClipWithEmptyMinTensor_RefusedNamingTheInput()
    {
        // Found by the random-graph fuzzer: an empty int8 min tensor was indexed at 0.
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 1, 4).Output("y", OnnxDataTypes.Int8).Int8("lo", [], 0);
        mb.Std(OpTypes.Clip, ["x", "lo"], ["y"], "clip");
        var e = Assert.Throws<LingerException>(() => LingerRuntime.Load(mb.Bytes(), "clip.onnx", new LoadOptions { Target = ChipTarget.Generic }));
        Assert.Contains("min 'lo' must hold one int8 value", e.Message);
    }
}
