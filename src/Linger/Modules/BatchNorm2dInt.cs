using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized batch normalization (linger's BatchNormInt, exported as <c>thinker::BatchNorm2dInt</c>):
/// the affine form y = α·x + β with α = γ/√(var + ε) quantized per tensor to int8 and β to int32 at
/// s_x·s_α; per channel SAT8(RSH(x·α_c + β_c, n_x + n_α − n_o)). Training normalizes with the batch
/// statistics (biased variance, gradients flow through them into x) and updates the running ones
/// with PyTorch's rule (unbiased variance), so a model trained in float continues seamlessly; eval
/// folds the running statistics. Shares the float BatchNorm2d's parameters and buffers.
/// </summary>
public sealed class BatchNorm2dInt : QuantizedLayer
{
    private readonly Parameter? _gamma;
    private readonly Parameter? _beta;
    private readonly Tensor _runningMean;
    private readonly Tensor _runningVar;
    private readonly Tensor _numBatchesTracked;

    /// <summary>Creates the layer from a float BatchNorm2d's parameters and statistics.</summary>
    public BatchNorm2dInt(string name, long numFeatures, Parameter? weight, Parameter? bias, Tensor runningMean, Tensor runningVar,
        Tensor numBatchesTracked, double eps, double momentum, ModuleQuantConfig config) : base(name, config)
    {
        NumFeatures = numFeatures;
        _gamma = weight;
        _beta = bias;
        _runningMean = runningMean;
        _runningVar = runningVar;
        _numBatchesTracked = numBatchesTracked;
        Eps = eps;
        Momentum = momentum;
        BatchNormTensors.RegisterOn(this, weight, bias, runningMean, runningVar, numBatchesTracked);
    }

    /// <summary>Creates the quantized counterpart of a float BatchNorm2d, sharing its parameters and buffers.</summary>
    public static BatchNorm2dInt FromFloat(BatchNorm2d bn, ModuleQuantConfig config)
        => new(bn.GetName(), bn.num_features, bn.weight, bn.bias, bn.running_mean!, bn.running_var!, bn.num_batches_tracked!,
            bn.eps, bn.momentum ?? 0.1, config);

    /// <summary>Channels.</summary>
    public long NumFeatures { get; }

    /// <summary>ε.</summary>
    public double Eps { get; }

    /// <summary>Momentum of the running statistics (0 freezes them).</summary>
    public double Momentum { get; set; }

    /// <summary>Running mean [C].</summary>
    public Tensor RunningMean => _runningMean;

    /// <summary>Running variance [C].</summary>
    public Tensor RunningVar => _runningVar;

    /// <inheritdoc />
    protected override (Tensor Weight, Tensor? Bias) EffectiveParameters(Tensor input)
    {
        Tensor mean, variance;
        if (training)
        {
            var dims = new long[] { 0, 2, 3 };
            mean = input.mean(dims);
            variance = input.var(dims, unbiased: false);
            using (no_grad())
            {
                long n = input.numel() / NumFeatures;
                var unbiased = variance.detach() * (n / Math.Max(1.0, n - 1.0));
                _runningMean.mul_(1 - Momentum).add_(mean.detach() * Momentum);
                _runningVar.mul_(1 - Momentum).add_(unbiased * Momentum);
                _numBatchesTracked.add_(1L);
            }
        }
        else
        {
            mean = _runningMean;
            variance = _runningVar;
        }
        var gamma = _gamma is null ? ones_like(mean) : (Tensor)_gamma;
        var alpha = gamma / (variance + Eps).sqrt();
        var beta = (_beta is null ? zeros_like(mean) : (Tensor)_beta) - mean * alpha;
        return (alpha, beta);
    }

    /// <inheritdoc />
    protected override Tensor Op(Tensor x, Tensor weight, Tensor? bias)
    {
        var y = x * weight.view(1, -1, 1, 1);
        return bias is null ? y : y + bias.view(1, -1, 1, 1);
    }
}
