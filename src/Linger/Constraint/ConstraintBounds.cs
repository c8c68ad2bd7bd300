using LingerNet.Numerics;

namespace LingerNet.Constraint;

/// <summary>
/// The symmetric clamps of one constrained module (linger's <c>ClampInfo</c>): the float weight, bias
/// and output are clamped to [−bound, bound]; null leaves that tensor unclamped. The gradient of a
/// clamp is torch's: 1 inside [−bound, bound] (bounds included) and 0 outside, so an element that is
/// clamped stops receiving gradient (linger-spec §4.3, behaviour (a)).
/// </summary>
/// <param name="Weight">Bound of the weight (linger default 8).</param>
/// <param name="Bias">Bound of the bias (linger default none).</param>
/// <param name="Output">Bound of the output (linger default 8).</param>
public sealed record ConstraintBounds(double? Weight, double? Bias, double? Output)
{
    /// <summary>linger's normalize_layers defaults: weight 8, bias unclamped, output 8.</summary>
    public static ConstraintBounds Default { get; } = new(8.0, null, 8.0);

    /// <summary>No clamp at all (fusion and ahead_relu only).</summary>
    public static ConstraintBounds None { get; } = new(null, null, null);

    /// <summary>Throws a <see cref="LingerException"/> naming <paramref name="where"/> when a bound is not a positive finite number.</summary>
    public void Validate(string where)
    {
        Check(Weight, "weight");
        Check(Bias, "bias");
        Check(Output, "output");
        void Check(double? b, string what)
        {
            if (b is double v && !(v > 0 && double.IsFinite(v)))
                throw new LingerException($"{where}: the {what} bound must be a positive finite number or null (no clamp), got {v}.");
        }
    }
}
