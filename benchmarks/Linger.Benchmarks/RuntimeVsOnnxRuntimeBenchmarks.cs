using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LingerNet.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LingerNet.Benchmarks;

/// <summary>
/// The integer runtime against ONNX Runtime fp32 (one thread) on the quickstart network, the float model
/// built from the exported file's dequantized weights. Batch 64 on the runtime is one run of a
/// <c>DynamicBatch</c> export. ONNX Runtime is the baseline of each batch size.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RuntimeVsOnnxRuntimeBenchmarks
{
    private LingerRuntime _runtime = null!, _runtimeN = null!;
    private RuntimeTensor _batch64 = null!;
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
        string dynamicPath = QuickstartModel.ExportQuantized(dynamicBatch: true);
        _runtimeN = LingerRuntime.Load(dynamicPath);
        _batch64 = new RuntimeTensor(_runtimeN.Inputs[0].Name, [64, 1, 28, 28], all);
        File.Delete(dynamicPath);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ort.Dispose();
        _runtime.Dispose();
        _runtimeN.Dispose();
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
    public sbyte LingerRuntimeBatch64() => _runtimeN.Run(_batch64).Outputs[0].Int8![0];
}
