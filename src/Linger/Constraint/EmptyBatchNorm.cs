using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// Takes the place of a BatchNorm2d that was fused into the preceding <see cref="ConvBn2d"/>: its
/// forward is the identity (returns an alias, never the input object). Unlike linger's EmptyBatchNorm
/// (a dummy <c>_linger_ignore_parameter</c>), it keeps the BN's parameters and statistics registered
/// under the BN's own name, so the constrained model's state-dict keys are the float model's: float
/// checkpoints load directly, strictly, and the optimizer sees γ and β.
/// </summary>
public sealed class EmptyBatchNorm : nn.Module<Tensor, Tensor>
{
    internal EmptyBatchNorm(BatchNorm bn, IFusedConvBatchNorm owner) : base(bn.GetName())
    {
        BatchNorm = bn;
        Owner = owner;
        Modules.BatchNormTensors.RegisterOn(this, bn);
        train(bn.training);
    }

    /// <summary>The float BatchNorm (2-D or 1-D) this placeholder stands for.</summary>
    public BatchNorm BatchNorm { get; }

    /// <summary>The fused module that does this BN's work (<see cref="ConvBn2d"/> or <see cref="ConvBn1d"/>).</summary>
    public IFusedConvBatchNorm Owner { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => input.alias();
}
