namespace LingerNet.Numerics.Kernels;

/// <summary>Which GRU hidden-state update <see cref="VenusGruCell"/> computes.</summary>
public enum GruFormula
{
    /// <summary>
    /// The venus chip (chip-facts.md "GRUInt"): <c>h' = SAT8(RSH(z·RSH(h, 1) + (128 − z)·n, 14 − q_o))</c> with h the
    /// previous int8 output at q_o; gate pre-activations must be at exponents ≥ 11 (the chip does not shift left).
    /// </summary>
    Chip,

    /// <summary>
    /// linger's intended formula (linger-spec §3.7): <c>hy = 128·n + z·(h7 − n)</c> in Q14 with h7 the previous
    /// hidden state at Q7 (<c>RSH(h, q_o − 7)</c>, or <c>h·2^(7 − q_o)</c> when q_o &lt; 7), then
    /// <c>SAT8(RSH(hy, 14 − q_o))</c>; gate pre-activations below Q11 are shifted left. Equal to
    /// <see cref="Chip"/> when q_o = 8 and both gate exponents are ≥ 11.
    /// </summary>
    Linger,
}
