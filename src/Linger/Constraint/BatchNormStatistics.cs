using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// Batch statistics and the running-statistics update shared by the constrained BatchNorm forms:
/// normalization uses the biased batch variance, the running variance gets the unbiased one
/// (PyTorch's rule), both updated in place with the module's momentum (0 freezes them).
/// </summary>
internal static class BatchNormStatistics
{
    /// <summary>Per-channel mean and biased variance of [N, C, ...] <paramref name="y"/>; updates the running buffers of <paramref name="bn"/>.</summary>
    public static (Tensor Mean, Tensor Variance) Batch(Tensor y, BatchNorm bn, double momentum)
    {
        var dims = Enumerable.Range(0, (int)y.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
        var mean = y.mean(dims);
        var variance = y.var(dims, unbiased: false);
        using (no_grad())
        {
            long n = y.numel() / Math.Max(1, y.shape[1]);
            var unbiased = variance.detach() * (n / Math.Max(1.0, n - 1.0));
            bn.running_mean!.mul_(1 - momentum).add_(mean.detach() * momentum);
            bn.running_var!.mul_(1 - momentum).add_(unbiased * momentum);
            bn.num_batches_tracked?.add_(1L);
        }
        return (mean, variance);
    }

    /// <summary>α = γ/√(var + ε) and β' = β − mean·α per channel.</summary>
    public static (Tensor Alpha, Tensor Beta) Affine(BatchNorm bn, Tensor mean, Tensor variance)
    {
        var alpha = (variance + bn.eps).rsqrt();
        if (bn.weight is not null) alpha = alpha * bn.weight;
        var beta = -mean * alpha;
        if (bn.bias is not null) beta = beta + bn.bias;
        return (alpha, beta);
    }
}
