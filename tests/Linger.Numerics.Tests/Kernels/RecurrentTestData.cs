using LingerNet.Numerics.Kernels;

namespace LingerNet.Numerics.Tests.Kernels;

/// <summary>Random recurrent parameters and inputs for the GRU/LSTM tests.</summary>
internal static class RecurrentTestData
{
    public static sbyte[] Int8(Random rng, int n, int amplitude = 128)
        => Enumerable.Range(0, n).Select(_ => (sbyte)Math.Clamp(rng.Next(-amplitude, amplitude), -128, 127)).ToArray();

    /// <summary>Parameters with gate exponents ≥ 11 (q_i + q_iw, q_o + q_hw) and random biases of a few gate units.</summary>
    public static RecurrentParameters Parameters(Random rng, int gates, int inputSize, int hiddenSize, int qO, int weightAmplitude = 128)
    {
        int qI = rng.Next(3, 7), qIw = 11 - qI + rng.Next(0, 4), qHw = Math.Max(11 - qO, 0) + rng.Next(0, 4);
        int rows = gates * hiddenSize;
        int[] Bias(int q) => Enumerable.Range(0, rows).Select(_ => (int)Math.Round(rng.NextDouble() * 4 - 2) << q).ToArray();
        return new RecurrentParameters(gates, inputSize, hiddenSize,
            Int8(rng, rows * inputSize, weightAmplitude), Int8(rng, rows * hiddenSize, weightAmplitude),
            Bias(qI + qIw), Bias(qO + qHw), qI, qIw, qHw, qO);
    }

    /// <summary>Element (t, b) of a [T, B, size] or [B, T, size] buffer.</summary>
    public static T[] At<T>(T[] buffer, int t, int b, int seqLen, int batch, int size, bool batchFirst)
        => buffer.AsSpan((batchFirst ? b * seqLen + t : t * batch + b) * size, size).ToArray();

    /// <summary>
    /// Packed-sequence semantics of a batched run: every row b, run alone (truncated to its length, time-reversed when
    /// <paramref name="reverse"/>, batch 1, seq-first) by <paramref name="runRow"/>(b, row input, length), gives the same
    /// steps and final hidden state, and the steps past its length hold zeros.
    /// </summary>
    public static void AssertRowsAsIfAlone(sbyte[] x, sbyte[] output, sbyte[] hFinal, int[] lengths, int seqLen, int batch, int inputSize,
        int hiddenSize, bool batchFirst, bool reverse, Func<int, sbyte[], int, (sbyte[] Output, sbyte[] Hidden)> runRow)
    {
        for (int b = 0; b < batch; b++)
        {
            int len = lengths[b];
            int[] order = Enumerable.Range(0, len).Select(k => reverse ? len - 1 - k : k).ToArray();
            sbyte[] rowX = order.SelectMany(t => At(x, t, b, seqLen, batch, inputSize, batchFirst)).ToArray();
            var (rowOut, rowH) = runRow(b, rowX, len);
            Xunit.Assert.Equal(rowH, hFinal.AsSpan(b * hiddenSize, hiddenSize).ToArray());
            for (int k = 0; k < len; k++)
                Xunit.Assert.Equal(rowOut.AsSpan(k * hiddenSize, hiddenSize).ToArray(), At(output, order[k], b, seqLen, batch, hiddenSize, batchFirst));
            for (int t = len; t < seqLen; t++)
                Xunit.Assert.All(At(output, t, b, seqLen, batch, hiddenSize, batchFirst), v => Xunit.Assert.Equal(0, v));
        }
    }
}
