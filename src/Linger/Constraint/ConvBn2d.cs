using LingerNet.Modules;
using LingerNet.Quantization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A Conv2d and the BatchNorm2d that alone consumes its output, as one constrained module (linger's
/// NormalizeConvBN2d, "fused in the forward, not in the backward"), with the training, eval and state-dict
/// semantics of <see cref="FusedConvBn{TConv, TBatchNorm, TQuantized}"/>. Init turns it into a
/// <see cref="Conv2dInt"/> with the folded weights.
/// </summary>
public sealed class ConvBn2d : FusedConvBn<Conv2d, BatchNorm2d, Conv2dInt>
{
    internal ConvBn2d(Conv2d conv, BatchNorm2d bn, ConstraintBounds bounds, double momentum) : base(conv, bn, bounds, momentum) { }

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

    private protected override Tensor NormalizeBatch(Tensor y)
    {
        // libtorch's fused batch norm: the same statistics and running update as BatchNormStatistics
        // (biased variance to normalise, unbiased into running_var, momentum 0 freezes), in one native
        // forward and one backward instead of a chain of elementwise autograd nodes (stage 1 ran 1.8× float).
        var z = nn.functional.batch_norm(y, BatchNorm.running_mean!, BatchNorm.running_var!, BatchNorm.weight, BatchNorm.bias,
            training: true, momentum: Momentum, eps: BatchNorm.eps);
        using (no_grad()) BatchNorm.num_batches_tracked?.add_(1L);
        return z;
    }

    private protected override Tensor Convolve(Tensor x, Tensor weight, Tensor? bias)
        => nn.functional.conv2d(x, weight, bias, Conv.stride!, Conv.padding!, Conv.dilation!, Conv.groups);

    private protected override Conv2dInt CreateQuantized(Parameter weight, Parameter bias, ModuleQuantConfig config)
        => new(GetName(), weight, bias, Conv.stride!, Conv.padding!, Conv.dilation!, Conv.groups, config);
}
