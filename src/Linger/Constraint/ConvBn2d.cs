using LingerNet.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A Conv2d and the BatchNorm2d that alone consumes its output, as one constrained module (linger's
/// NormalizeConvBN2d, "fused in the forward, not in the backward").
/// <list type="bullet">
/// <item>Training: convolution, then batch normalization with the batch statistics (biased variance;
/// the running statistics are updated with the BN's momentum; libtorch's fused kernel), then the output clamp. As in linger,
/// the weight and bias bounds do not act in training (they apply to folded weights, which training
/// does not use).</item>
/// <item>Eval: one convolution with the folded weight W·γ/√(var + ε) and bias (b − mean)·γ/√(var + ε) + β
/// (running statistics, the BN's own ε), clamped by the weight and bias bounds, then the output clamp.</item>
/// </list>
/// State-dict layout: this module registers only the conv's <c>weight</c> and <c>bias</c> under the
/// conv's name; the BN's parameters and statistics stay registered under the BN's name, held by the
/// <see cref="EmptyBatchNorm"/> placeholder. The keys are therefore exactly the float model's.
/// </summary>
public sealed class ConvBn2d : nn.Module<Tensor, Tensor>, IFusedConvBatchNorm
{
    internal ConvBn2d(Conv2d conv, BatchNorm2d bn, ConstraintBounds bounds, double momentum) : base(conv.GetName())
    {
        Conv = conv;
        BatchNorm = bn;
        Bounds = bounds;
        Momentum = momentum;
        register_parameter("weight", conv.weight!);
        if (conv.bias is not null) register_parameter("bias", conv.bias);
        train(conv.training);
    }

    /// <summary>The float convolution (parameters and geometry).</summary>
    public Conv2d Conv { get; }

    /// <summary>The float BatchNorm2d (parameters, running statistics, ε), registered in the model by its <see cref="EmptyBatchNorm"/>.</summary>
    public BatchNorm2d BatchNorm { get; }

    /// <summary>Momentum of the running statistics (0 freezes them).</summary>
    public double Momentum { get; set; }

    /// <inheritdoc />
    public ConstraintBounds Bounds { get; set; }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <summary>The Conv2dInt that <see cref="Linger.Init{T}"/> made from this module, once it has.</summary>
    public Conv2dInt? Quantized { get; internal set; }

    nn.Module IFusedConvBatchNorm.Convolution => Conv;

    BatchNorm IFusedConvBatchNorm.FusedBatchNorm => BatchNorm;

    QuantizedLayer? IFusedConvBatchNorm.QuantizedConvolution => Quantized;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (training)
        {
            var y = nn.functional.conv2d(input, Conv.weight!, Conv.bias, Conv.stride!, Conv.padding!, Conv.dilation!, Conv.groups);
            // libtorch's fused batch norm: the same statistics and running update as BatchNormStatistics
            // (biased variance to normalise, unbiased into running_var, momentum 0 freezes), in one native
            // forward and one backward instead of a chain of elementwise autograd nodes (stage 1 ran 1.8× float).
            var z = nn.functional.batch_norm(y, BatchNorm.running_mean!, BatchNorm.running_var!, BatchNorm.weight, BatchNorm.bias,
                training: true, momentum: Momentum, eps: BatchNorm.eps);
            using (no_grad()) BatchNorm.num_batches_tracked?.add_(1L);
            return Clamp.Symmetric(z, Bounds.Output);
        }
        var (w, b) = FoldedParameters();
        w = Clamp.Symmetric(w, Bounds.Weight);
        b = Clamp.Symmetric(b, Bounds.Bias);
        var yf = nn.functional.conv2d(input, w, b, Conv.stride!, Conv.padding!, Conv.dilation!, Conv.groups);
        return Clamp.Symmetric(yf, Bounds.Output);
    }

    /// <summary>
    /// The Conv2dInt that replaces this pair at Init: new weight and bias parameters holding the folded
    /// values (running statistics frozen into them from now on, as linger's fuse_state_dict), same geometry.
    /// </summary>
    public Conv2dInt ToQuantized(Quantization.ModuleQuantConfig config)
    {
        Tensor w, b;
        using (no_grad())
        {
            var (fw, fb) = FoldedParameters();
            w = fw.detach().clone();
            b = fb.detach().clone();
        }
        var q = new Conv2dInt(GetName(), new TorchSharp.Modules.Parameter(w), new TorchSharp.Modules.Parameter(b),
            Conv.stride!, Conv.padding!, Conv.dilation!, Conv.groups, config);
        Quantized = q;
        return q;
    }

    /// <summary>The folded (unclamped) weight and bias from the running statistics.</summary>
    public (Tensor Weight, Tensor Bias) FoldedParameters()
        => Fold(Conv.weight!, Conv.bias, BatchNorm.weight, BatchNorm.bias, BatchNorm.running_mean!, BatchNorm.running_var!, BatchNorm.eps);

    /// <summary>W' = W·α, b' = (b − mean)·α + β with α = γ/√(var + ε), per output channel (dimension 0 of a weight of any rank; γ = 1, β = 0 when absent).</summary>
    public static (Tensor Weight, Tensor Bias) Fold(Tensor weight, Tensor? bias, Tensor? gamma, Tensor? beta, Tensor runningMean, Tensor runningVar, double eps)
    {
        var alpha = (runningVar + eps).rsqrt();
        if (gamma is not null) alpha = alpha * gamma;
        var shape = Enumerable.Repeat(1L, (int)weight.dim()).ToArray();
        shape[0] = -1;
        var w = weight * alpha.view(shape);
        var b = ((bias is null ? -runningMean : bias - runningMean)) * alpha;
        if (beta is not null) b = b + beta;
        return (w, b);
    }
}
