namespace LingerNet.Numerics.Kernels;

/// <summary>
/// LSTMInt: one time step of one batch row, and a whole-sequence driver. The chip agrees with linger
/// (chip-facts.md "LSTMInt", thinker <c>lstmint.h</c>, thinker-spec §2.3 LSTMInt row, linger-spec §3.8).
/// Per step, gate order i, f, g, o:
/// <code>
/// G  = SAT16(toQ11(SAT32(W_ih·x + b_ih), q_i + q_iw) + toQ11(SAT32(W_hh·h + b_hh), q_o + q_hw))   (left shift when q &lt; 11)
/// i, f, o = sigmoidQ7(G_i, G_f, G_o);  g = tanhQ7(G_g)
/// a  = f·c + i·g                                  (Q14, int32; c the int16 Q7 cell)
/// c' = SAT16(RSH(a, 7))                           (int16 Q7, the cell carried to the next step)
/// h' = SAT8(RSH(o·tanhQ7(SAT16(RSH(a, 3))), 14 − q_o))
/// </code>
/// Order resolved from thinker's code: the tanh of the new cell is taken from the Q14 sum a (shifted by 3
/// to Q11), not from the stored Q7 cell c'; both c' and the tanh input come from the same a.
/// </summary>
public static class VenusLstmCell
{
    private const string Where = "LSTMInt";

    /// <summary>The exponent of the cell state (int16 Q7).</summary>
    public const int CellExponent = 7;

    /// <summary>Refuses parameters that are not an LSTM's (4 gates).</summary>
    /// <exception cref="LingerException">Not 4 gates.</exception>
    public static void CheckParameters(RecurrentParameters p)
    {
        if (p.GateCount != 4)
            throw new LingerException($"{Where}: an LSTM has 4 gates (i, f, g, o); the parameters have {p.GateCount}.");
    }

    /// <summary>
    /// One step: <paramref name="x"/> [I] int8 at q_i; <paramref name="h"/> [H] int8 at q_o and
    /// <paramref name="c"/> [H] int16 Q7 the previous state; <paramref name="hNext"/>, <paramref name="cNext"/>
    /// the new state (may not overlap the previous one).
    /// </summary>
    /// <exception cref="LingerException">Not 4 gates, or mismatched lengths.</exception>
    public static void Step(RecurrentParameters p, ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> h, ReadOnlySpan<short> c,
                            Span<sbyte> hNext, Span<short> cNext)
    {
        CheckParameters(p);
        KernelGuard.Length(x.Length, p.InputSize, "x", Where);
        KernelGuard.Length(h.Length, p.HiddenSize, "h", Where);
        KernelGuard.Length(c.Length, p.HiddenSize, "c", Where);
        KernelGuard.Length(hNext.Length, p.HiddenSize, "h'", Where);
        KernelGuard.Length(cNext.Length, p.HiddenSize, "c'", Where);
        int rows = p.HiddenSize * 4;
        Span<int> gi = rows <= 1024 ? stackalloc int[rows] : new int[rows];
        Span<int> gh = rows <= 1024 ? stackalloc int[rows] : new int[rows];
        StepUnchecked(p, x, h, c, hNext, cNext, gi, gh);
    }

    /// <summary>
    /// A whole sequence for every batch row: <paramref name="input"/> is [T, B, I] (or [B, T, I] with
    /// <paramref name="batchFirst"/>) int8 at q_i; <paramref name="output"/> the same layout with H int8 at q_o;
    /// <paramref name="hFinal"/> [B, H] int8 at q_o and <paramref name="cFinal"/> [B, H] int16 Q7. Each row b
    /// runs over t = 0 .. L_b − 1 (or L_b − 1 .. 0 with <paramref name="reverse"/>) from h0/c0 (zeros when
    /// empty), L_b = lengths[b] (T when <paramref name="lengths"/> is empty); the final state is the one after
    /// the last step processed; steps at or past L_b get <paramref name="padded"/> (the chip leaves them
    /// <see cref="PaddedStepOutput.Unwritten"/>; PyTorch gives zeros).
    /// </summary>
    /// <remarks>
    /// The venus chip honours reverse and lengths, takes h0 as int8 at q_o, but needs batch 1 and a zero c0
    /// (it copies a float c0's raw bytes into the int16 cell); refusing those is the exporter's job.
    /// </remarks>
    /// <exception cref="LingerException">Not 4 gates; sizes or lengths that do not match.</exception>
    public static void Run(RecurrentParameters p, ReadOnlySpan<sbyte> input, int seqLen, int batch, bool batchFirst, bool reverse,
                           ReadOnlySpan<int> lengths, ReadOnlySpan<sbyte> h0, ReadOnlySpan<short> c0, Span<sbyte> output,
                           Span<sbyte> hFinal, Span<short> cFinal, PaddedStepOutput padded = PaddedStepOutput.Zero)
    {
        CheckParameters(p);
        RecurrentGates.CheckSequence(p, input.Length, seqLen, batch, lengths, h0.Length, output.Length, hFinal.Length, Where);
        int hs = p.HiddenSize, ins = p.InputSize;
        KernelGuard.Length(cFinal.Length, (long)batch * hs, $"final cell state [{batch}, {hs}]", Where);
        if (c0.Length != 0) KernelGuard.Length(c0.Length, (long)batch * hs, $"c0 [{batch}, {hs}]", Where);
        var gi = new int[hs * 4];
        var gh = new int[hs * 4];
        sbyte[] h = new sbyte[hs], hNext = new sbyte[hs];
        short[] c = new short[hs], cNext = new short[hs];
        for (int b = 0; b < batch; b++)
        {
            if (h0.Length == 0) Array.Clear(h);
            else h0.Slice(b * hs, hs).CopyTo(h);
            if (c0.Length == 0) Array.Clear(c);
            else c0.Slice(b * hs, hs).CopyTo(c);
            int length = lengths.Length == 0 ? seqLen : lengths[b];
            for (int k = 0; k < length; k++)
            {
                int t = reverse ? length - 1 - k : k;
                StepUnchecked(p, input.Slice(RecurrentGates.Offset(t, b, seqLen, batch, ins, batchFirst), ins), h, c, hNext, cNext, gi, gh);
                hNext.CopyTo(h);
                cNext.CopyTo(c);
                h.CopyTo(output.Slice(RecurrentGates.Offset(t, b, seqLen, batch, hs, batchFirst), hs));
            }
            if (padded == PaddedStepOutput.Zero)
                for (int t = length; t < seqLen; t++)
                    output.Slice(RecurrentGates.Offset(t, b, seqLen, batch, hs, batchFirst), hs).Clear();
            h.CopyTo(hFinal.Slice(b * hs, hs));
            c.CopyTo(cFinal.Slice(b * hs, hs));
        }
    }

    private static void StepUnchecked(RecurrentParameters p, ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> h, ReadOnlySpan<short> c,
                                      Span<sbyte> hNext, Span<short> cNext, Span<int> gi, Span<int> gh)
    {
        int hs = p.HiddenSize;
        RecurrentGates.PreActivationsQ11(p.WeightIh, p.BiasIh, x, p.InputGateExponent, gi);
        RecurrentGates.PreActivationsQ11(p.WeightHh, p.BiasHh, h, p.HiddenGateExponent, gh);
        for (int j = 0; j < hs; j++)
        {
            int i = PiecewiseSigmoidTanh.SigmoidQ7(Saturation.ToInt16((long)gi[j] + gh[j]));
            int f = PiecewiseSigmoidTanh.SigmoidQ7(Saturation.ToInt16((long)gi[hs + j] + gh[hs + j]));
            int g = PiecewiseSigmoidTanh.TanhQ7(Saturation.ToInt16((long)gi[2 * hs + j] + gh[2 * hs + j]));
            int o = PiecewiseSigmoidTanh.SigmoidQ7(Saturation.ToInt16((long)gi[3 * hs + j] + gh[3 * hs + j]));
            long a = Saturation.ToInt32((long)f * c[j] + i * g); // Q14; |a| < 2^23, the int32 add never saturates
            cNext[j] = Saturation.ToInt16(RoundingShift.Right(a, 7));
            int tanhC = PiecewiseSigmoidTanh.TanhQ7(Saturation.ToInt16(RoundingShift.Right(a, 3)));
            hNext[j] = Saturation.ToInt8(RoundingShift.Right(o * tanhC, 14 - p.QOutput));
        }
    }
}
