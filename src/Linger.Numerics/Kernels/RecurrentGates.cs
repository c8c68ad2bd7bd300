namespace LingerNet.Numerics.Kernels;

/// <summary>The pieces GRU and LSTM share: gate pre-activations at Q11 and the sequence layout.</summary>
internal static class RecurrentGates
{
    /// <summary>
    /// <c>out[g] = toQ11(SAT32(Σ_k W[g,k]·v[k] + b[g]), q)</c> for every gate row g. The dot product is exact
    /// (int32 on the chip for any realistic size; int64 here), the bias add saturates to int32 (luna
    /// <c>add_q31_int32</c>). toQ11 is <c>SAT32(RSH(·, q − 11))</c> for q ≥ 11 and <c>SAT32(·×2^(11 − q))</c> below.
    /// </summary>
    public static void PreActivationsQ11(sbyte[] weight, int[] bias, ReadOnlySpan<sbyte> v, int exponent, Span<int> out11)
    {
        int cols = v.Length;
        for (int g = 0; g < out11.Length; g++)
        {
            long acc = Int8Dot.Dot(weight.AsSpan(g * cols, cols), v);
            long withBias = Saturation.ToInt32(acc + bias[g]);
            out11[g] = ToQ11(withBias, exponent);
        }
    }

    /// <summary>An int32 at exponent q brought to Q11 (rounding right shift, or exact left shift), saturated to int32.</summary>
    public static int ToQ11(long v, int exponent)
        => exponent >= RecurrentParameters.GateExponent
            ? Saturation.ToInt32(RoundingShift.Right(v, exponent - RecurrentParameters.GateExponent))
            : Saturation.ToInt32(v << (RecurrentParameters.GateExponent - exponent)); // |v| < 2^31, shift ≤ 30: no overflow

    /// <summary>Element offset of step t of batch row b in a [T, B, size] or [B, T, size] buffer.</summary>
    public static int Offset(int t, int b, int seqLen, int batch, int size, bool batchFirst)
        => (batchFirst ? b * seqLen + t : t * batch + b) * size;

    /// <summary>Validates the sequence-driver arguments shared by GRU and LSTM.</summary>
    public static void CheckSequence(RecurrentParameters p, int inputLength, int seqLen, int batch, ReadOnlySpan<int> lengths,
                                     int h0Length, int outputLength, int hFinalLength, string where)
    {
        KernelGuard.NonNegative(seqLen, "sequence length", where);
        KernelGuard.Positive(batch, "batch", where);
        KernelGuard.Length(inputLength, (long)seqLen * batch * p.InputSize, $"input [{seqLen}×{batch}×{p.InputSize}]", where);
        KernelGuard.Length(outputLength, (long)seqLen * batch * p.HiddenSize, $"output [{seqLen}×{batch}×{p.HiddenSize}]", where);
        KernelGuard.Length(hFinalLength, (long)batch * p.HiddenSize, $"final hidden state [{batch}, {p.HiddenSize}]", where);
        if (h0Length != 0) KernelGuard.Length(h0Length, (long)batch * p.HiddenSize, $"h0 [{batch}, {p.HiddenSize}]", where);
        if (lengths.Length != 0)
        {
            KernelGuard.Length(lengths.Length, batch, "lengths", where);
            for (int b = 0; b < batch; b++)
                if (lengths[b] < 0 || lengths[b] > seqLen)
                    throw new LingerException($"{where}: length {lengths[b]} of batch row {b} is outside [0, {seqLen}].");
        }
    }
}
