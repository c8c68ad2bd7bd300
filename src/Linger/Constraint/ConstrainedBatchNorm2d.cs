using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A BatchNorm2d in affine form with clamps (linger's NormalizeBatchNorm2d): α = γ/√(var + ε) is
/// clamped with the weight bound, β − mean·α with the bias bound, y = α·x + β' with the output bound.
/// Training uses the batch statistics (biased variance) and updates the running ones; eval uses the
/// running ones. Takes over the float BN's parameters and buffers (same objects, same keys).
/// </summary>
public sealed class ConstrainedBatchNorm2d : nn.Module<Tensor, Tensor>, IConstrainedModule
{
    internal ConstrainedBatchNorm2d(BatchNorm2d bn, ConstraintBounds bounds, double momentum) : base(bn.GetName())
    {
        BatchNorm = bn;
        Bounds = bounds;
        Momentum = momentum;
        Modules.BatchNormTensors.RegisterOn(this, bn);
        train(bn.training);
    }

    /// <summary>The float BatchNorm2d whose parameters, statistics and ε this module uses.</summary>
    public BatchNorm2d BatchNorm { get; }

    /// <summary>Momentum of the running statistics (0 freezes them, <see cref="ConstrainOptions.FreezeBatchNorm"/>).</summary>
    public double Momentum { get; set; }

    /// <inheritdoc />
    public ConstraintBounds Bounds { get; set; }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var (mean, variance) = training
            ? BatchNormStatistics.Batch(input, BatchNorm, Momentum)
            : (BatchNorm.running_mean!, BatchNorm.running_var!);
        var (alpha, beta) = BatchNormStatistics.Affine(BatchNorm, mean, variance);
        alpha = Clamp.Symmetric(alpha, Bounds.Weight);
        beta = Clamp.Symmetric(beta, Bounds.Bias);
        var y = input * alpha.view(1, -1, 1, 1) + beta.view(1, -1, 1, 1);
        return Clamp.Symmetric(y, Bounds.Output);
    }
}
