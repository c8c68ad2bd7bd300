namespace LingerNet.Numerics.Kernels;

/// <summary>
/// GRUInt: one time step of one batch row, and a whole-sequence driver. Per step (chip-facts.md "GRUInt",
/// thinker <c>gruint.h</c>, linger-spec §3.7), gate order r, z, n:
/// <code>
/// gi = toQ11(SAT32(W_ih·x + b_ih), q_i + q_iw)      gh = toQ11(SAT32(W_hh·h + b_hh), q_o + q_hw)     (int32, Q11)
/// r = sigmoidQ7(SAT16(gi_r + gh_r))                 z = sigmoidQ7(SAT16(gi_z + gh_z))
/// n = tanhQ7(SAT16(gi_n + SAT32(RSH(r·gh_n, 7))))
/// Chip:   h' = SAT8(RSH(z·RSH(h, 1) + (128 − z)·n, 14 − q_o))
/// Linger: h' = SAT8(RSH(128·n + z·(h7 − n), 14 − q_o)),  h7 = h at Q7 (RSH(h, q_o − 7), or h·2^(7 − q_o))
/// </code>
/// h is the previous int8 output at q_o. The two formulas agree when q_o = 8 (then RSH(h, 1) = h7).
/// With <see cref="GruFormula.Chip"/> both gate exponents must be ≥ 11 (the chip uses a value below Q11
/// unshifted); with <see cref="GruFormula.Linger"/> lower exponents are shifted left as linger does.
/// </summary>
public static class VenusGruCell
{
    private const string Where = "GRUInt";

    /// <summary>
    /// Refuses parameters the formula cannot compute: a GRU shape (3 gates), and for
    /// <see cref="GruFormula.Chip"/> gate pre-activation exponents below 11.
    /// </summary>
    /// <exception cref="LingerException">Not 3 gates, or (chip) q_i + q_iw or q_o + q_hw below 11.</exception>
    public static void CheckParameters(RecurrentParameters p, GruFormula formula)
    {
        if (p.GateCount != 3)
            throw new LingerException($"{Where}: a GRU has 3 gates (r, z, n); the parameters have {p.GateCount}.");
        if (formula == GruFormula.Chip && !p.GateExponentsAtLeastQ11)
            throw new LingerException(
                $"{Where}: gate pre-activation exponents q_i + q_iw = {p.InputGateExponent} and q_o + q_hw = {p.HiddenGateExponent} " +
                "must both be at least 11. The venus chip brings them to Q11 by a right shift only and uses a value below " +
                "Q11 unshifted (wrong gates). Choose finer input/weight scales.");
    }

    /// <summary>
    /// One step: <paramref name="x"/> [I] int8 at q_i, <paramref name="h"/> [H] int8 at q_o (the previous
    /// output), <paramref name="hNext"/> [H] int8 at q_o (may not overlap <paramref name="h"/>).
    /// </summary>
    /// <exception cref="LingerException">See <see cref="CheckParameters"/>; mismatched lengths.</exception>
    public static void Step(RecurrentParameters p, GruFormula formula, ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> h, Span<sbyte> hNext)
    {
        CheckParameters(p, formula);
        KernelGuard.Length(x.Length, p.InputSize, "x", Where);
        KernelGuard.Length(h.Length, p.HiddenSize, "h", Where);
        KernelGuard.Length(hNext.Length, p.HiddenSize, "h'", Where);
        int hs = p.HiddenSize;
        Span<int> gi = hs * 3 <= 1024 ? stackalloc int[hs * 3] : new int[hs * 3];
        Span<int> gh = hs * 3 <= 1024 ? stackalloc int[hs * 3] : new int[hs * 3];
        StepUnchecked(p, formula, x, h, hNext, gi, gh);
    }

    /// <summary>
    /// A whole sequence for every batch row: <paramref name="input"/> is [T, B, I] (or [B, T, I] with
    /// <paramref name="batchFirst"/>) int8 at q_i; <paramref name="output"/> the same layout with H int8 at q_o;
    /// <paramref name="hFinal"/> [B, H]. Each row b runs over t = 0 .. L_b − 1 (or L_b − 1 .. 0 with
    /// <paramref name="reverse"/>) from h0 (zeros when <paramref name="h0"/> is empty), L_b = lengths[b]
    /// (T when <paramref name="lengths"/> is empty). hFinal is the state after the last step processed
    /// (PyTorch packed-sequence semantics); steps at or past L_b get <paramref name="padded"/>.
    /// </summary>
    /// <remarks>
    /// This is linger's intended (general) semantics. The venus chip supports less (chip-facts.md "GRUInt"):
    /// h0 always zero, no lengths, no reverse direction (it runs forward), batch-first indexing even for a
    /// seq-first layout with batch &gt; 1. Refusing those is the exporter's job.
    /// </remarks>
    /// <exception cref="LingerException">See <see cref="CheckParameters"/>; sizes or lengths that do not match.</exception>
    public static void Run(RecurrentParameters p, GruFormula formula, ReadOnlySpan<sbyte> input, int seqLen, int batch, bool batchFirst,
                           bool reverse, ReadOnlySpan<int> lengths, ReadOnlySpan<sbyte> h0, Span<sbyte> output, Span<sbyte> hFinal,
                           PaddedStepOutput padded = PaddedStepOutput.Zero)
    {
        CheckParameters(p, formula);
        RecurrentGates.CheckSequence(p, input.Length, seqLen, batch, lengths, h0.Length, output.Length, hFinal.Length, Where);
        int hs = p.HiddenSize, ins = p.InputSize;
        var gi = new int[hs * 3];
        var gh = new int[hs * 3];
        var h = new sbyte[hs];
        var next = new sbyte[hs];
        for (int b = 0; b < batch; b++)
        {
            if (h0.Length == 0) Array.Clear(h);
            else h0.Slice(b * hs, hs).CopyTo(h);
            int length = lengths.Length == 0 ? seqLen : lengths[b];
            for (int k = 0; k < length; k++)
            {
                int t = reverse ? length - 1 - k : k;
                StepUnchecked(p, formula, input.Slice(RecurrentGates.Offset(t, b, seqLen, batch, ins, batchFirst), ins), h, next, gi, gh);
                next.CopyTo(h);
                h.CopyTo(output.Slice(RecurrentGates.Offset(t, b, seqLen, batch, hs, batchFirst), hs));
            }
            if (padded == PaddedStepOutput.Zero)
                for (int t = length; t < seqLen; t++)
                    output.Slice(RecurrentGates.Offset(t, b, seqLen, batch, hs, batchFirst), hs).Clear();
            h.CopyTo(hFinal.Slice(b * hs, hs));
        }
    }

    private static void StepUnchecked(RecurrentParameters p, GruFormula formula, ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> h,
                                      Span<sbyte> hNext, Span<int> gi, Span<int> gh)
    {
        int hs = p.HiddenSize, qO = p.QOutput;
        RecurrentGates.PreActivationsQ11(p.WeightIh, p.BiasIh, x, p.InputGateExponent, gi);
        RecurrentGates.PreActivationsQ11(p.WeightHh, p.BiasHh, h, p.HiddenGateExponent, gh);
        for (int j = 0; j < hs; j++)
        {
            int r = PiecewiseSigmoidTanh.SigmoidQ7(Saturation.ToInt16((long)gi[j] + gh[j]));
            int z = PiecewiseSigmoidTanh.SigmoidQ7(Saturation.ToInt16((long)gi[hs + j] + gh[hs + j]));
            long rh = Saturation.ToInt32(RoundingShift.Right((long)r * gh[2 * hs + j], 7)); // Q7·Q11 → Q11
            int n = PiecewiseSigmoidTanh.TanhQ7(Saturation.ToInt16(gi[2 * hs + j] + rh));
            long hy; // Q14
            if (formula == GruFormula.Chip)
                hy = z * RoundingShift.Right(h[j], 1) + (128 - z) * n;
            else
            {
                long h7 = qO >= 7 ? RoundingShift.Right(h[j], qO - 7) : (long)h[j] << (7 - qO);
                hy = 128 * n + z * (h7 - n);
            }
            hNext[j] = Saturation.ToInt8(RoundingShift.Right(hy, 14 - qO));
        }
    }
}
