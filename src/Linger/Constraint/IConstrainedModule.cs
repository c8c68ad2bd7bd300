namespace LingerNet.Constraint;

/// <summary>
/// A float module made by <see cref="Linger.Constrain{T}"/> (linger's Normalize* modules): it clamps
/// its weight, bias and output and carries the ahead_relu mark that <see cref="Linger.Init{T}"/>
/// hands to the quantized layer.
/// </summary>
public interface IConstrainedModule
{
    /// <summary>The clamps applied in forward.</summary>
    ConstraintBounds Bounds { get; set; }

    /// <summary>The output feeds only a ReLU (found by the recorder); the quantized layer then picks its output scale on max(y, 0).</summary>
    bool AheadRelu { get; set; }
}
