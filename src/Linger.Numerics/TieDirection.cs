namespace LingerNet.Numerics;

/// <summary>Where a round-to-nearest division sends a quotient that lies exactly halfway between two integers.</summary>
public enum TieDirection
{
    /// <summary>Toward +∞: floor(v + 0.5) (the chip's usual rounding).</summary>
    HalfUp,
    /// <summary>Away from zero: 2.5 → 3, −2.5 → −3.</summary>
    AwayFromZero,
    /// <summary>Toward zero: 2.5 → 2, −2.5 → −2.</summary>
    TowardZero,
}
