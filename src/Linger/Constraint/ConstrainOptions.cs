namespace LingerNet.Constraint;

/// <summary>Options of <see cref="Linger.Constrain{T}"/> (linger's trace_layers + normalize_layers + SetBnMomentumUpdate).</summary>
public sealed record ConstrainOptions
{
    /// <summary>Clamps given to every constrained module without a <see cref="Linger.ConstrainModule"/> override. Default weight 8, bias none, output 8.</summary>
    public ConstraintBounds Bounds { get; init; } = ConstraintBounds.Default;

    /// <summary>Fuse a Conv2d into the BatchNorm2d that alone consumes its output (linger's fuse_bn). Default true.</summary>
    public bool FuseBatchNorm { get; init; } = true;

    /// <summary>Mark Conv/Linear/BN (and fused Conv+BN) whose output feeds only a ReLU (linger's ahead_*_relu). Default true.</summary>
    public bool DetectAheadRelu { get; init; } = true;

    /// <summary>BatchNorm running statistics get momentum 0 (frozen) in the constrained and later the quantized model (linger's SetBnMomentumUpdate). Default false.</summary>
    public bool FreezeBatchNorm { get; init; }
}
