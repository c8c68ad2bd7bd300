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
/// A BatchNorm1d becomes this layer too, over [N, C] or [N, C, L] (the node's contract takes [N, C, ...]).
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
    public static BatchNorm2dInt FromFloat(BatchNorm2d bn, ModuleQuantConfig config) => FromFloat((BatchNorm)bn, config, [4]);

    /// <summary>Creates the quantized counterpart of a float BatchNorm1d ([N, C] or [N, C, L] inputs), sharing its parameters and buffers.</summary>
    public static BatchNorm2dInt FromFloat(BatchNorm1d bn, ModuleQuantConfig config) => FromFloat((BatchNorm)bn, config, [2, 3]);

    private static BatchNorm2dInt FromFloat(BatchNorm bn, ModuleQuantConfig config, int[] ranks)
        => new(bn.GetName(), bn.num_features, bn.weight, bn.bias, bn.running_mean!, bn.running_var!, bn.num_batches_tracked!,
            bn.eps, bn.momentum ?? 0.1, config) { InputRanks = ranks };

    /// <summary>The input ranks the float module accepted ([4] for BatchNorm2d, [2, 3] for BatchNorm1d).</summary>
    public IReadOnlyList<int> InputRanks { get; init; } = [4];

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
        if (!InputRanks.Contains((int)input.dim()))
            throw new LingerException($"BatchNorm2dInt '{GetName()}': input has shape [{string.Join(", ", input.shape)}] but must have {string.Join(" or ", InputRanks)} dimensions [N, C, ...].");
        Tensor mean, variance;
        if (training)
        {
            // Every dimension but the channel one (1): [N, C] → {0}, [N, C, L] → {0, 2}, [N, C, H, W] → {0, 2, 3}.
            var dims = Enumerable.Range(0, (int)input.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
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
        var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
        shape[1] = -1;
        var y = x * weight.view(shape);
        return bias is null ? y : y + bias.view(shape);
    }
}
