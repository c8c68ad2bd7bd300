using LingerNet.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A Conv1d and the BatchNorm1d that alone consumes its output, as one constrained module (linger's
/// NormalizeConvBN1d): the 1-D analogue of <see cref="ConvBn2d"/>, with the same training (batch
/// statistics, running statistics updated with the BN's momentum, output clamp) and eval (one convolution
/// with the folded, clamped weight and bias) semantics, and the same state-dict layout (the conv's
/// <c>weight</c>/<c>bias</c> here, the BN's keys under the BN's name on its <see cref="EmptyBatchNorm"/>).
/// Init turns it into a <see cref="Conv1dInt"/> with the folded weights.
/// </summary>
public sealed class ConvBn1d : nn.Module<Tensor, Tensor>, IFusedConvBatchNorm
{
    internal ConvBn1d(Conv1d conv, BatchNorm1d bn, ConstraintBounds bounds, double momentum) : base(conv.GetName())
    {
        Conv = conv;
        BatchNorm = bn;
        Bounds = bounds;
        Momentum = momentum;
        register_parameter("weight", conv.weight!);
        if (conv.bias is not null) register_parameter("bias", conv.bias);
        train(conv.training);
    }

    /// <summary>The float 1-D convolution (parameters and geometry).</summary>
    public Conv1d Conv { get; }

    /// <summary>The float BatchNorm1d, registered in the model by its <see cref="EmptyBatchNorm"/>.</summary>
    public BatchNorm1d BatchNorm { get; }

    /// <summary>Momentum of the running statistics (0 freezes them).</summary>
    public double Momentum { get; set; }

    /// <inheritdoc />
    public ConstraintBounds Bounds { get; set; }

    /// <inheritdoc />
    public bool AheadRelu { get; set; }

    /// <summary>The Conv1dInt that <see cref="Linger.Init{T}"/> made from this module, once it has.</summary>
    public Conv1dInt? Quantized { get; internal set; }

    nn.Module IFusedConvBatchNorm.Convolution => Conv;

    BatchNorm IFusedConvBatchNorm.FusedBatchNorm => BatchNorm;

    QuantizedLayer? IFusedConvBatchNorm.QuantizedConvolution => Quantized;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (training)
        {
            var y = Convolve(input, Conv.weight!, Conv.bias);
            var (mean, variance) = BatchNormStatistics.Batch(y, BatchNorm, Momentum);
            var (alpha, beta) = BatchNormStatistics.Affine(BatchNorm, mean, variance);
            return Clamp.Symmetric(y * alpha.view(1, -1, 1) + beta.view(1, -1, 1), Bounds.Output);
        }
        var (w, b) = FoldedParameters();
        return Clamp.Symmetric(Convolve(input, Clamp.Symmetric(w, Bounds.Weight), Clamp.Symmetric(b, Bounds.Bias)), Bounds.Output);
    }

    /// <summary>The Conv1dInt that replaces this pair at Init: new parameters holding the folded values, same geometry.</summary>
    public Conv1dInt ToQuantized(Quantization.ModuleQuantConfig config)
    {
        Tensor w, b;
        using (no_grad())
        {
            var (fw, fb) = FoldedParameters();
            w = fw.detach().clone();
            b = fb.detach().clone();
        }
        var q = new Conv1dInt(GetName(), new Parameter(w), new Parameter(b), Conv.stride![0], Conv.padding![0], Conv.dilation![0], Conv.groups, config);
        Quantized = q;
        return q;
    }

    /// <summary>The folded (unclamped) weight and bias from the running statistics.</summary>
    public (Tensor Weight, Tensor Bias) FoldedParameters()
        => ConvBn2d.Fold(Conv.weight!, Conv.bias, BatchNorm.weight, BatchNorm.bias, BatchNorm.running_mean!, BatchNorm.running_var!, BatchNorm.eps);

    private Tensor Convolve(Tensor x, Tensor w, Tensor? b) => nn.functional.conv1d(x, w, b, Conv.stride![0], Conv.padding![0], Conv.dilation![0], Conv.groups);
}
