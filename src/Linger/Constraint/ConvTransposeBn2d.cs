using LingerNet.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A ConvTranspose2d and the BatchNorm2d that alone consumes its output, as one constrained module (linger's
/// NormalizeConvTransposeBN2d): training runs the transposed convolution then batch normalization with the
/// batch statistics (running statistics updated with the BN's momentum) and the output clamp; eval runs one
/// transposed convolution with the weight folded along its output-channel axis (weight [C, OC/groups, kh, kw],
/// per group) and the folded bias, clamped. Same key layout as <see cref="ConvBn2d"/>; Init makes a
/// <see cref="ConvTranspose2dInt"/> with the folded weights.
/// </summary>
public sealed class ConvTransposeBn2d : nn.Module<Tensor, Tensor>, IFusedConvBatchNorm
{
    internal ConvTransposeBn2d(ConvTranspose2d conv, BatchNorm2d bn, ConstraintBounds bounds, double momentum) : base(conv.GetName())
    {
        Conv = conv;
        BatchNorm = bn;
        Bounds = bounds;
        Momentum = momentum;
        register_parameter("weight", conv.weight!);
        if (conv.bias is not null) register_parameter("bias", conv.bias);
        train(conv.training);
    }

    /// <summary>The float transposed convolution.</summary>
    public ConvTranspose2d Conv { get; }

    /// <summary>The float BatchNorm2d, registered in the model by its <see cref="EmptyBatchNorm"/>.</summary>
    public BatchNorm2d BatchNorm { get; }

    /// <summary>Momentum of the running statistics (0 freezes them).</summary>
    public double Momentum { get; set; }

    /// <inheritdoc />
    public ConstraintBounds Bounds { get; set; }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <summary>The ConvTranspose2dInt that <see cref="Linger.Init{T}"/> made from this module, once it has.</summary>
    public ConvTranspose2dInt? Quantized { get; internal set; }

    nn.Module IFusedConvBatchNorm.Convolution => Conv;

    BatchNorm IFusedConvBatchNorm.FusedBatchNorm => BatchNorm;

    QuantizedLayer? IFusedConvBatchNorm.QuantizedConvolution => Quantized;

    (Tensor Weight, Tensor Bias) IFusedConvBatchNorm.Fold(Tensor weight, Tensor? bias, Tensor? gamma, Tensor? beta, Tensor runningMean, Tensor runningVar, double eps)
        => Fold(weight, bias, gamma, beta, runningMean, runningVar, eps, Conv.groups);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (training)
        {
            var y = Convolve(input, Conv.weight!, Conv.bias);
            var (mean, variance) = BatchNormStatistics.Batch(y, BatchNorm, Momentum);
            var (alpha, beta) = BatchNormStatistics.Affine(BatchNorm, mean, variance);
            return Clamp.Symmetric(y * alpha.view(1, -1, 1, 1) + beta.view(1, -1, 1, 1), Bounds.Output);
        }
        var (w, b) = FoldedParameters();
        return Clamp.Symmetric(Convolve(input, Clamp.Symmetric(w, Bounds.Weight), Clamp.Symmetric(b, Bounds.Bias)), Bounds.Output);
    }

    /// <summary>The ConvTranspose2dInt that replaces this pair at Init: new parameters holding the folded values, same geometry.</summary>
    public ConvTranspose2dInt ToQuantized(Quantization.ModuleQuantConfig config)
    {
        Tensor w, b;
        using (no_grad())
        {
            var (fw, fb) = FoldedParameters();
            w = fw.detach().clone();
            b = fb.detach().clone();
        }
        var q = new ConvTranspose2dInt(GetName(), new Parameter(w), new Parameter(b), Conv.stride!, Conv.padding!, Conv.output_padding ?? [0, 0], Conv.dilation!, Conv.groups, config);
        Quantized = q;
        return q;
    }

    /// <summary>The folded (unclamped) weight and bias from the running statistics.</summary>
    public (Tensor Weight, Tensor Bias) FoldedParameters()
        => Fold(Conv.weight!, Conv.bias, BatchNorm.weight, BatchNorm.bias, BatchNorm.running_mean!, BatchNorm.running_var!, BatchNorm.eps, Conv.groups);

    /// <summary>
    /// W' = W·α along the output channels of a transposed weight [C, OC/groups, kh, kw] (output channel
    /// g·OC/groups + j is row j of group g), b' = (b − mean)·α + β, with α = γ/√(var + ε).
    /// </summary>
    public static (Tensor Weight, Tensor Bias) Fold(Tensor weight, Tensor? bias, Tensor? gamma, Tensor? beta, Tensor runningMean, Tensor runningVar, double eps, long groups)
    {
        var alpha = (runningVar + eps).rsqrt();
        if (gamma is not null) alpha = alpha * gamma;
        var s = weight.shape;
        long ocg = s[1];
        var w = (weight.view(groups, s[0] / groups, ocg, s[2], s[3]) * alpha.view(groups, 1, ocg, 1, 1)).view(s);
        var b = (bias is null ? -runningMean : bias - runningMean) * alpha;
        if (beta is not null) b = b + beta;
        return (w, b);
    }

    private Tensor Convolve(Tensor x, Tensor w, Tensor? b)
        => nn.functional.conv_transpose2d(x, w, b, Conv.stride!, Conv.padding!, Conv.output_padding ?? [0, 0], Conv.dilation!, Conv.groups);
}
