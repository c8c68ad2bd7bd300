using LingerNet.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A convolution fused with the BatchNorm that alone consumes its output (<see cref="ConvBn2d"/>,
/// <see cref="ConvBn1d"/>): what the BN's placeholders (<see cref="EmptyBatchNorm"/>, <see cref="FoldedBatchNorm"/>)
/// and checkpoint folding need to know of the pair, whatever its dimensionality.
/// </summary>
public interface IFusedConvBatchNorm : IConstrainedModule
{
    /// <summary>The float convolution.</summary>
    nn.Module Convolution { get; }

    /// <summary>The float BatchNorm (parameters, running statistics, ε).</summary>
    BatchNorm FusedBatchNorm { get; }

    /// <summary>The quantized convolution Init made from the pair (holding the folded weights), once it has.</summary>
    QuantizedLayer? QuantizedConvolution { get; }

    /// <summary>Folds BN tensors (from a checkpoint) into this pair's conv weight and bias, along its output-channel axis.</summary>
    (Tensor Weight, Tensor Bias) Fold(Tensor weight, Tensor? bias, Tensor? gamma, Tensor? beta, Tensor runningMean, Tensor runningVar, double eps)
        => ConvBn2d.Fold(weight, bias, gamma, beta, runningMean, runningVar, eps);
}
