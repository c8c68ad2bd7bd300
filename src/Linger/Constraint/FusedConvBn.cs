using LingerNet.Modules;
using LingerNet.Quantization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A convolution and the BatchNorm that alone consumes its output, as one constrained module (linger's
/// NormalizeConvBN*, "fused in the forward, not in the backward"); <see cref="ConvBn2d"/>, <see cref="ConvBn1d"/>
/// and <see cref="ConvTransposeBn2d"/> add only their convolution and the layer Init makes.
/// <list type="bullet">
/// <item>Training: convolution, then batch normalization with the batch statistics (biased variance; the running
/// statistics are updated with the BN's momentum), then the output clamp. As in linger, the weight and bias bounds
/// do not act in training (they apply to folded weights, which training does not use).</item>
/// <item>Eval: one convolution with the folded weight W·γ/√(var + ε) and bias (b − mean)·γ/√(var + ε) + β (running
/// statistics, the BN's own ε), clamped by the weight and bias bounds, then the output clamp.</item>
/// </list>
/// State-dict layout: this module registers only the conv's <c>weight</c> and <c>bias</c> under the conv's name;
/// the BN's parameters and statistics stay registered under the BN's name, held by the <see cref="EmptyBatchNorm"/>
/// placeholder. The keys are therefore exactly the float model's.
/// </summary>
/// <typeparam name="TConv">The float convolution.</typeparam>
/// <typeparam name="TBatchNorm">The float BatchNorm.</typeparam>
/// <typeparam name="TQuantized">The quantized convolution Init makes from the pair.</typeparam>
public abstract class FusedConvBn<TConv, TBatchNorm, TQuantized> : nn.Module<Tensor, Tensor>, IFusedConvBatchNorm
    where TConv : Convolution
    where TBatchNorm : BatchNorm
    where TQuantized : QuantizedLayer
{
    private protected FusedConvBn(TConv conv, TBatchNorm bn, ConstraintBounds bounds, double momentum) : base(conv.GetName())
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
    public TConv Conv { get; }

    /// <summary>The float BatchNorm (parameters, running statistics, ε), registered in the model by its <see cref="EmptyBatchNorm"/>.</summary>
    public TBatchNorm BatchNorm { get; }

    /// <summary>Momentum of the running statistics (0 freezes them).</summary>
    public double Momentum { get; set; }

    /// <inheritdoc />
    public ConstraintBounds Bounds { get; set; }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <summary>The quantized convolution that <see cref="Linger.Init{T}"/> made from this module, once it has.</summary>
    public TQuantized? Quantized { get; private set; }

    nn.Module IFusedConvBatchNorm.Convolution => Conv;

    BatchNorm IFusedConvBatchNorm.FusedBatchNorm => BatchNorm;

    QuantizedLayer? IFusedConvBatchNorm.QuantizedConvolution => Quantized;

    (Tensor Weight, Tensor Bias) IFusedConvBatchNorm.Fold(Tensor weight, Tensor? bias, Tensor? gamma, Tensor? beta, Tensor runningMean, Tensor runningVar, double eps)
        => FoldInto(weight, bias, gamma, beta, runningMean, runningVar, eps);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (training)
            return Clamp.Symmetric(NormalizeBatch(Convolve(input, Conv.weight!, Conv.bias)), Bounds.Output);
        var (w, b) = FoldedParameters();
        return Clamp.Symmetric(Convolve(input, Clamp.Symmetric(w, Bounds.Weight), Clamp.Symmetric(b, Bounds.Bias)), Bounds.Output);
    }

    /// <summary>
    /// The quantized convolution that replaces this pair at Init: new weight and bias parameters holding the folded
    /// values (running statistics frozen into them from now on, as linger's fuse_state_dict), same geometry.
    /// </summary>
    public TQuantized ToQuantized(ModuleQuantConfig config)
    {
        Tensor w, b;
        using (no_grad())
        {
            var (fw, fb) = FoldedParameters();
            w = fw.detach().clone();
            b = fb.detach().clone();
        }
        var q = CreateQuantized(new Parameter(w), new Parameter(b), config);
        Quantized = q;
        return q;
    }

    /// <summary>The folded (unclamped) weight and bias from the running statistics.</summary>
    public (Tensor Weight, Tensor Bias) FoldedParameters()
        => FoldInto(Conv.weight!, Conv.bias, BatchNorm.weight, BatchNorm.bias, BatchNorm.running_mean!, BatchNorm.running_var!, BatchNorm.eps);

    /// <summary>The convolution with this pair's geometry.</summary>
    private protected abstract Tensor Convolve(Tensor x, Tensor weight, Tensor? bias);

    /// <summary>The quantized layer with this pair's geometry over the folded parameters.</summary>
    private protected abstract TQuantized CreateQuantized(Parameter weight, Parameter bias, ModuleQuantConfig config);

    /// <summary>Folds BN tensors into a weight and bias of this pair's layout (default: output channels on dimension 0).</summary>
    private protected virtual (Tensor Weight, Tensor Bias) FoldInto(Tensor weight, Tensor? bias, Tensor? gamma, Tensor? beta, Tensor runningMean, Tensor runningVar, double eps)
        => ConvBn2d.Fold(weight, bias, gamma, beta, runningMean, runningVar, eps);

    /// <summary>Batch normalization of the convolution's output [N, C, ...] with the batch statistics, updating the running ones.</summary>
    private protected virtual Tensor NormalizeBatch(Tensor y)
    {
        var (mean, variance) = BatchNormStatistics.Batch(y, BatchNorm, Momentum);
        var (alpha, beta) = BatchNormStatistics.Affine(BatchNorm, mean, variance);
        var channels = Enumerable.Repeat(1L, (int)y.dim()).ToArray();
        channels[1] = -1;
        return y * alpha.view(channels) + beta.view(channels);
    }
}
