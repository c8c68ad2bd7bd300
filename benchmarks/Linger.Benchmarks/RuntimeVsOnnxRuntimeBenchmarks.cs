using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LingerNet.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LingerNet.Benchmarks;

/// <summary>
/// The integer runtime against ONNX Runtime fp32 (one thread) on the quickstart network, the float model
/// built from the exported file's dequantized weights. Batch 64 on the runtime is 64 single runs until
/// batched execution lands. ONNX Runtime is the baseline of each batch size.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RuntimeVsOnnxRuntimeBenchmarks
{
    private LingerRuntime _runtime = null!;
    private InferenceSession _ort = null!;
    private float[][] _images = [];
    private DenseTensor<float> _ort1 = null!, _ort64 = null!;
    private string _inputName = "";

    [GlobalSetup]
    public void Setup()
    {
        string path = QuickstartModel.ExportQuantized();
        _runtime = LingerRuntime.Load(path);
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        byte[] floatModel = StandardFloatOnnx.FromThinker(path);
        _ort = new InferenceSession(floatModel, options);
        _inputName = _ort.InputMetadata.Keys.First();
        var all = QuickstartModel.Images(64).data<float>().ToArray();
        _images = Enumerable.Range(0, 64).Select(i => all.AsSpan(i * 784, 784).ToArray()).ToArray();
        _ort1 = new DenseTensor<float>(_images[0], [1, 1, 28, 28]);
        _ort64 = new DenseTensor<float>(all, [64, 1, 28, 28]);
        File.Delete(path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ort.Dispose();
        _runtime.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("batch 1")]
    public float OnnxRuntimeFp32Batch1()
    {
        using var r = _ort.Run([NamedOnnxValue.CreateFromTensor(_inputName, _ort1)]);
        return r.First().AsTensor<float>()[0, 0];
    }

    [Benchmark, BenchmarkCategory("batch 1")]
    public sbyte LingerRuntimeBatch1() => _runtime.Run(_images[0]).Outputs[0].Int8![0];

    [Benchmark(Baseline = true), BenchmarkCategory("batch 64")]
    public float OnnxRuntimeFp32Batch64()
    {
        using var r = _ort.Run([NamedOnnxValue.CreateFromTensor(_inputName, _ort64)]);
        return r.First().AsTensor<float>()[0, 0];
    }

    [Benchmark, BenchmarkCategory("batch 64")]
    public int LingerRuntimeBatch64()
    {
        int s = 0;
        foreach (var image in _images) s += _runtime.Run(image).Outputs[0].Int8![0];
        return s;
    }
}
