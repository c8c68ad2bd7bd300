using BenchmarkDotNet.Attributes;
using LingerNet.Samples;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Benchmarks;

/// <summary>
/// One SGD training step (forward, cross-entropy, backward, update) of QuickstartNet at batch 64: float
/// (the baseline), stage 1 (<c>Linger.Constrain</c>) and stage 2 QAT (<c>Linger.Init</c>), on one TorchSharp
/// thread so that the ratios do not depend on how busy the other core is.
/// </summary>
public class TrainingStepBenchmarks
{
    private QuickstartNet _float = null!, _constrained = null!, _quantized = null!;
    private optim.Optimizer _floatOpt = null!, _constrainedOpt = null!, _quantizedOpt = null!;
    private Tensor _x = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        _float = QuickstartModel.Float();
        _constrained = QuickstartModel.Constrained();
        _quantized = QuickstartModel.Quantized();
        _floatOpt = optim.SGD(_float.parameters(), 0.001, momentum: 0.9);
        _constrainedOpt = optim.SGD(_constrained.parameters(), 0.001, momentum: 0.9);
        _quantizedOpt = optim.SGD(_quantized.parameters(), 0.001, momentum: 0.9);
        foreach (var m in new[] { _float, _constrained, _quantized }) m.train();
        _x = QuickstartModel.Images(64);
        _y = QuickstartModel.Labels(64);
    }

    private float Step(QuickstartNet model, optim.Optimizer opt) => TrainingStep.Run(model, opt, _x, _y);

    [Benchmark(Baseline = true)]
    public float FloatStep() => Step(_float, _floatOpt);

    [Benchmark]
    public float ConstrainedStage1Step() => Step(_constrained, _constrainedOpt);

    [Benchmark]
    public float QatStep() => Step(_quantized, _quantizedOpt);
}
