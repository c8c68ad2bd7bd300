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
}
