using LingerNet.Quantization;

namespace LingerNet.Nn;

/// <summary>
/// An op module of Linger.NET (add, cat, ...): computes in float until <see cref="LingerNet.Linger.Init"/>
/// switches it to its integer form. Being a module gives its statistics stable state-dict names.
/// </summary>
public interface ILingerOp
{
    /// <summary>True once Init has switched the op to integer mode.</summary>
    bool IsQuantized { get; }

    /// <summary>Switches the op to integer mode with the given bit widths (called by Init).</summary>
    void EnableQuant(ModuleQuantConfig config);
}
