using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;

namespace LingerNet.Benchmarks;

/// <summary>
/// Fast kernel paths against the reference kernels (the baseline of each op), on the quickstart network's
/// layer shapes. A path the machine lacks runs the best available one instead (the Path column says which).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class KernelBenchmarks
{
    /// <summary>The quickstart's conv3 (32→32 channels, 14×14, 3×3, pad 1), its conv1 (1→16, 28×28), and a depthwise 3×3 on 32 channels.</summary>
    [Params("conv3 32x14x14", "conv1 1x28x28", "depthwise 32x14x14")]
    public string Conv { get; set; } = "conv3 32x14x14";

    private sbyte[] _x = [], _w = [], _fcX = [], _fcW = [], _pool = [], _a = [], _b = [];
    private float[] _f = [];
    private int[] _bias = [], _fcBias = [];
    private Conv2dGeometry _g, _poolG;
    private int _oc, _groups;
    private PackedConvWeights _packed = null!;
    private PackedLinearWeights _fcPacked = null!;

    [GlobalSetup]
    public void Setup()
    {
        var r = new Random(0);
        (int c, int hw, int oc, int groups) = Conv switch
        {
            "conv1 1x28x28" => (1, 28, 16, 1),
            "depthwise 32x14x14" => (32, 14, 32, 32),
            _ => (32, 14, 32, 1),
        };
        (_oc, _groups) = (oc, groups);
        _g = new Conv2dGeometry(1, c, hw, hw, 3, 3, 1, 1, 1, 1, 1, 1);
        _x = Random8(r, c * hw * hw);
        _w = Random8(r, oc * (c / groups) * 9);
        _bias = Enumerable.Range(0, oc).Select(_ => r.Next(-5000, 5000)).ToArray();
        _packed = new PackedConvWeights(_w, oc, c / groups, 3, 3, groups);
        foreach (var p in KernelSelection.Supported) _packed.Prepare(p);
        _fcX = Random8(r, 1568);
        _fcW = Random8(r, 10 * 1568);
        _fcBias = Enumerable.Range(0, 10).Select(_ => r.Next(-5000, 5000)).ToArray();
        _fcPacked = new PackedLinearWeights(_fcW, 10, 1568);
        foreach (var p in KernelSelection.Supported) _fcPacked.Prepare(p);
        _poolG = new Conv2dGeometry(1, 32, 14, 14, 2, 2, 2, 2, 0, 0, 0, 0);
        _pool = Random8(r, 32 * 14 * 14);
        _a = Random8(r, 32 * 14 * 14);
        _b = Random8(r, 32 * 14 * 14);
        _f = Enumerable.Range(0, 784).Select(_ => (float)r.NextDouble()).ToArray();
    }

    private static sbyte[] Random8(Random r, int n) => Enumerable.Range(0, n).Select(_ => (sbyte)r.Next(-128, 128)).ToArray();

    private static KernelPath Or(KernelPath p) => KernelSelection.IsSupported(p) ? p : KernelSelection.Best;

    private sbyte[] ConvFast(KernelPath p) => Conv2dIntFastKernel.RunInt8(_x, _packed, _bias, _g, Or(p), 9);

    [Benchmark(Baseline = true), BenchmarkCategory("Conv2dInt")]
    public sbyte[] ConvReference() => Conv2dIntKernel.RequantizeInt8(Conv2dIntKernel.Accumulate(_x, _w, _bias, _g, _oc, _groups), 9);

    [Benchmark, BenchmarkCategory("Conv2dInt")]
    public sbyte[] ConvVector128() => ConvFast(KernelPath.Vector128);

    [Benchmark, BenchmarkCategory("Conv2dInt")]
    public sbyte[] ConvAvx2() => ConvFast(KernelPath.Avx2);

    [Benchmark, BenchmarkCategory("Conv2dInt")]
    public sbyte[] ConvAvxVnni() => ConvFast(KernelPath.AvxVnni);

    [Benchmark(Baseline = true), BenchmarkCategory("LinearInt 1568x10")]
    public long[] LinearReference() => LinearIntKernel.Accumulate(_fcX, 1, 1568, _fcW, 10, _fcBias);

    [Benchmark, BenchmarkCategory("LinearInt 1568x10")]
    public long[] LinearVector128() => LinearIntFastKernel.Accumulate(_fcX, 1, _fcPacked, _fcBias, Or(KernelPath.Vector128));

    [Benchmark, BenchmarkCategory("LinearInt 1568x10")]
    public long[] LinearAvx2() => LinearIntFastKernel.Accumulate(_fcX, 1, _fcPacked, _fcBias, Or(KernelPath.Avx2));

    [Benchmark, BenchmarkCategory("LinearInt 1568x10")]
    public long[] LinearAvxVnni() => LinearIntFastKernel.Accumulate(_fcX, 1, _fcPacked, _fcBias, Or(KernelPath.AvxVnni));

    [Benchmark(Baseline = true), BenchmarkCategory("MaxPool 2x2")]
    public sbyte[] MaxPoolReference() => MaxPoolKernel.Run(_pool, _poolG);

    [Benchmark, BenchmarkCategory("MaxPool 2x2")]
    public sbyte[] MaxPoolFast() => PoolFastKernels.MaxPool(_pool, _poolG);

    [Benchmark(Baseline = true), BenchmarkCategory("AvgPool2dInt 2x2")]
    public sbyte[] AvgPoolReference() => AvgPool2dIntKernel.Run(_pool, _poolG, 4, 4);

    [Benchmark, BenchmarkCategory("AvgPool2dInt 2x2")]
    public sbyte[] AvgPoolFast() => PoolFastKernels.AvgPool(_pool, _poolG, 4, 4);

    [Benchmark(Baseline = true), BenchmarkCategory("iqAdd")]
    public sbyte[] IqAddReference() => IqAddKernel.Run(_a, 1, _b, 0);

    [Benchmark, BenchmarkCategory("iqAdd")]
    public sbyte[] IqAddFast() => ElementwiseFastKernels.IqAdd(_a, 1, _b, 0);

    [Benchmark(Baseline = true), BenchmarkCategory("Relu")]
    public sbyte[] ReluReference() => ReluKernel.Run(_a);

    [Benchmark, BenchmarkCategory("Relu")]
    public sbyte[] ReluFast() => ElementwiseFastKernels.Relu(_a);

    [Benchmark(Baseline = true), BenchmarkCategory("Quant")]
    public sbyte[] QuantReference() => QuantKernel.Run(_f, new Numerics.Pow2Scale(7));

    [Benchmark, BenchmarkCategory("Quant")]
    public sbyte[] QuantFast() => ElementwiseFastKernels.Quant(_f, new Numerics.Pow2Scale(7));
}
