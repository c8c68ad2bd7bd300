namespace LingerNet.Numerics.Kernels;

/// <summary>
/// thinker <c>Requant</c>: an integer tensor moved from exponent q_in at <c>inBits</c> to exponent q_out
/// at <c>outBits</c>. Venus (chip-facts.md "Requant", thinker-spec §2.3 Requant row):
/// <list type="bullet">
/// <item>8 → 8 down-scale (d = q_out − q_in ≤ 0): <c>SAT8(RSH(x, −d))</c>;</item>
/// <item>8 → 8 up-scale by d ∈ 1..6: <c>SAT8(x·2^d)</c>; d ≥ 7 is refused (the multiplier is an int8 on the
/// chip: 7 negates, 8+ zeroes);</item>
/// <item>8 → 16/32: <c>x·2^d</c> stored without saturation: refused unless 0 ≤ d ≤ outBits − 8, so it always fits;</item>
/// <item>16/32-bit inputs and narrowing: refused (the chip only takes int8; its 16/32 same-width branches are wrong).</item>
/// </list>
/// Generic (linger's intended semantics, linger-spec §2.5): <c>SAT_out(RSH(x, q_in − q_out))</c> when
/// q_out ≤ q_in, else <c>SAT_out(x·2^(q_out − q_in))</c> (exact left shift, then saturation), any widths 8/16/32.
/// </summary>
public static class Requant
{
    /// <summary>The largest 8 → 8 up-scale the venus chip computes correctly.</summary>
    public const int MaxVenusInt8UpShift = 6;

    /// <summary>
    /// Validates a requantization for the given semantics.
    /// </summary>
    /// <exception cref="LingerException">The widths or the shift are not supported (the message says why and what to change).</exception>
    public static void Validate(int inBits, int qIn, int outBits, int qOut, RequantSemantics semantics, string where = "Requant")
    {
        CheckWidth(inBits, where);
        CheckWidth(outBits, where);
        int d = qOut - qIn;
        if (semantics == RequantSemantics.Generic)
        {
            if (Math.Abs((long)d) > 62)
                throw new LingerException($"{where}: exponent change {d} (Q{qIn} → Q{qOut}) is out of range.");
            return;
        }
        if (inBits != 8)
            throw new LingerException(
                $"{where}: the venus chip's Requant takes int8 input only (got {inBits}-bit): requantize from an int8 tensor.");
        if (outBits == 8)
        {
            if (d > MaxVenusInt8UpShift)
                throw new LingerException(
                    $"{where}: int8 up-scale by {d} bits (Q{qIn} → Q{qOut}). The venus chip passes the multiplier 2^{d} as an " +
                    $"int8, so 7 bits negate the value and 8 or more zero it: keep q_out − q_in ≤ {MaxVenusInt8UpShift}.");
            if (d < -62)
                throw new LingerException($"{where}: exponent change {d} (Q{qIn} → Q{qOut}) is out of range.");
            return;
        }
        if (d < 0)
            throw new LingerException(
                $"{where}: widening int8 → int{outBits} with a coarser output (Q{qIn} → Q{qOut}): the venus chip only " +
                "shifts left when widening. Use q_out ≥ q_in.");
        if (d > outBits - 8)
            throw new LingerException(
                $"{where}: widening int8 → int{outBits} by {d} bits (Q{qIn} → Q{qOut}) overflows the target: the venus " +
                $"chip stores the shifted value without saturation. Keep q_out − q_in ≤ {outBits - 8}.");
    }

    /// <summary>One element, after <see cref="Validate"/> accepted the parameters.</summary>
    public static long Value(long x, int qIn, int outBits, int qOut)
        // Venus and generic agree on every parameter set Venus accepts: an accepted venus left shift never
        // saturates (widening) or saturates like SAT8(x·2^d) (8 → 8), and right shifts are RSH + SAT in both.
        => RoundingShift.Rescale(x, qIn, qOut, outBits);

    /// <summary>int8 → int8.</summary>
    /// <exception cref="LingerException">Refused parameters (see <see cref="Validate"/>) or mismatched lengths.</exception>
    public static void Apply(ReadOnlySpan<sbyte> x, int qIn, Span<sbyte> y, int qOut, RequantSemantics semantics)
    {
        Validate(8, qIn, 8, qOut, semantics);
        KernelGuard.Length(y.Length, x.Length, "output", "Requant");
        for (int i = 0; i < x.Length; i++) y[i] = (sbyte)Value(x[i], qIn, 8, qOut);
    }

    /// <summary>int8 → int16.</summary>
    /// <exception cref="LingerException">Refused parameters (see <see cref="Validate"/>) or mismatched lengths.</exception>
    public static void Apply(ReadOnlySpan<sbyte> x, int qIn, Span<short> y, int qOut, RequantSemantics semantics)
    {
        Validate(8, qIn, 16, qOut, semantics);
        KernelGuard.Length(y.Length, x.Length, "output", "Requant");
        for (int i = 0; i < x.Length; i++) y[i] = (short)Value(x[i], qIn, 16, qOut);
    }

    /// <summary>int8 → int32.</summary>
    /// <exception cref="LingerException">Refused parameters (see <see cref="Validate"/>) or mismatched lengths.</exception>
    public static void Apply(ReadOnlySpan<sbyte> x, int qIn, Span<int> y, int qOut, RequantSemantics semantics)
    {
        Validate(8, qIn, 32, qOut, semantics);
        KernelGuard.Length(y.Length, x.Length, "output", "Requant");
        for (int i = 0; i < x.Length; i++) y[i] = (int)Value(x[i], qIn, 32, qOut);
    }

    /// <summary>
    /// Any widths: values held as int32 whatever their declared width (<paramref name="inBits"/>,
    /// <paramref name="outBits"/> ∈ {8, 16, 32}); the output values lie in the outBits range.
    /// </summary>
    /// <exception cref="LingerException">Refused parameters (see <see cref="Validate"/>), an input value outside its declared width, or mismatched lengths.</exception>
    public static void Apply(ReadOnlySpan<int> x, int inBits, int qIn, Span<int> y, int outBits, int qOut, RequantSemantics semantics)
    {
        Validate(inBits, qIn, outBits, qOut, semantics);
        KernelGuard.Length(y.Length, x.Length, "output", "Requant");
        long lo = QuantRange.Min(inBits), hi = QuantRange.Max(inBits);
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < lo || x[i] > hi)
                throw new LingerException($"Requant: input element {i} = {x[i]} does not fit the declared {inBits} bits.");
            y[i] = (int)Value(x[i], qIn, outBits, qOut);
        }
    }

    private static void CheckWidth(int bits, string where)
    {
        if (bits is not (8 or 16 or 32))
            throw new LingerException($"{where}: {bits} bits is not a Requant width (8, 16 or 32).");
    }
}
