using LingerNet.Modules;
using LingerNet.Quantization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A ConvTranspose2d and the BatchNorm2d that alone consumes its output, as one constrained module (linger's
/// NormalizeConvTransposeBN2d), with the training, eval and state-dict semantics of
/// <see cref="FusedConvBn{TConv, TBatchNorm, TQuantized}"/>; the weight folds along its output-channel axis
/// (weight [C, OC/groups, kh, kw], per group). Init makes a <see cref="ConvTranspose2dInt"/> with the folded weights.
/// </summary>
public sealed class ConvTransposeBn2d : FusedConvBn<ConvTranspose2d, BatchNorm2d, ConvTranspose2dInt>
{
    internal ConvTransposeBn2d(ConvTranspose2d conv, BatchNorm2d bn, ConstraintBounds bounds, double momentum) : base(conv, bn, bounds, momentum) { }

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

    private protected override (Tensor Weight, Tensor Bias) FoldInto(Tensor weight, Tensor? bias, Tensor? gamma, Tensor? beta, Tensor runningMean, Tensor runningVar, double eps)
        => Fold(weight, bias, gamma, beta, runningMean, runningVar, eps, Conv.groups);

    private protected override Tensor Convolve(Tensor x, Tensor weight, Tensor? bias)
        => nn.functional.conv_transpose2d(x, weight, bias, Conv.stride!, Conv.padding!, OutputPadding, Conv.dilation!, Conv.groups);

    private protected override ConvTranspose2dInt CreateQuantized(Parameter weight, Parameter bias, ModuleQuantConfig config)
        => new(GetName(), weight, bias, Conv.stride!, Conv.padding!, OutputPadding, Conv.dilation!, Conv.groups, config);

    private long[] OutputPadding => Conv.output_padding ?? [0, 0];
}
