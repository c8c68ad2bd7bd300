namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>Which implementation of the integer kernels runs (see <see cref="KernelSelection"/>).</summary>
internal enum KernelPath
{
    /// <summary>The plain reference loops in <c>Kernels/*Kernel.cs</c>: the oracle.</summary>
    Reference,

    /// <summary>Portable <c>Vector128</c> code (SSE on x64, AdvSIMD on ARM64).</summary>
    Vector128,

    /// <summary>AVX2: sign-extended int16 pairs multiplied by <c>vpmaddwd</c> (exact, never saturating).</summary>
    Avx2,

    /// <summary>AVX-VNNI: <c>vpdpbusd</c> on (x + 128) as u8 times w as s8, minus 128·Σw precomputed.</summary>
    AvxVnni,
}
