using LingerNet.Modules;
using LingerNet.Quantization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// A Conv1d and the BatchNorm1d that alone consumes its output, as one constrained module (linger's
/// NormalizeConvBN1d): the 1-D analogue of <see cref="ConvBn2d"/>, with the training, eval and state-dict
/// semantics of <see cref="FusedConvBn{TConv, TBatchNorm, TQuantized}"/>. Init turns it into a
/// <see cref="Conv1dInt"/> with the folded weights.
/// </summary>
public sealed class ConvBn1d : FusedConvBn<Conv1d, BatchNorm1d, Conv1dInt>
{
    internal ConvBn1d(Conv1d conv, BatchNorm1d bn, ConstraintBounds bounds, double momentum) : base(conv, bn, bounds, momentum) { }

    private protected override Tensor Convolve(Tensor x, Tensor weight, Tensor? bias)
        => nn.functional.conv1d(x, weight, bias, Conv.stride![0], Conv.padding![0], Conv.dilation![0], Conv.groups);

    private protected override Conv1dInt CreateQuantized(Parameter weight, Parameter bias, ModuleQuantConfig config)
        => new(GetName(), weight, bias, Conv.stride![0], Conv.padding![0], Conv.dilation![0], Conv.groups, config);
}
