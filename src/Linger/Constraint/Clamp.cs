using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>Symmetric clamps of float tensors (zero gradient outside the bound).</summary>
internal static class Clamp
{
    /// <summary>clamp(t, −bound, bound), or t itself when <paramref name="bound"/> is null.</summary>
    public static Tensor Symmetric(Tensor t, double? bound)
        => bound is double b ? t.clamp(-b, b) : t;

    /// <summary>Same as <see cref="Symmetric(Tensor, double?)"/> for an optional tensor.</summary>
    public static Tensor? SymmetricOrNull(Tensor? t, double? bound)
        => t is null ? null : Symmetric(t, bound);
}
