using LingerNet.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// What <see cref="Linger.Init{T}"/> makes of an <see cref="EmptyBatchNorm"/>: an identity that keeps the
/// quantized input's scale (no ONNX node) and has no state, because the BN is folded into the
/// Conv2dInt's weight and bias. <see cref="Linger.LoadCheckpoint"/> uses it to fold the BN keys of a
/// float or constrained checkpoint into that Conv2dInt.
/// </summary>
public sealed class FoldedBatchNorm : ScalePreserving
{
    internal FoldedBatchNorm(string name, IFusedConvBatchNorm source) : base(name) => Source = source;

    /// <summary>The constrained pair this BN was part of; its <see cref="IFusedConvBatchNorm.QuantizedConvolution"/> holds the folded weights.</summary>
    public IFusedConvBatchNorm Source { get; }

    /// <summary>ε of the folded BN.</summary>
    public double Eps => Source.FusedBatchNorm.eps;

    /// <inheritdoc />
    protected override Tensor Op(Tensor x) => x.alias();
}
