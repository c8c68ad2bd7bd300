namespace LingerNet.Numerics.Kernels;

/// <summary>
/// The integer parameters of one direction of a single-layer GRUInt / LSTMInt (linger-spec §3.7–3.8,
/// chip-facts.md "Recurrent"): int8 weights <c>W_ih [G·H, I]</c> at exponent q_iw and <c>W_hh [G·H, H]</c> at
/// q_hw (row-major, PyTorch gate order: GRU r, z, n; LSTM i, f, g, o), int32 biases <c>b_ih</c> at
/// q_i + q_iw and <c>b_hh</c> at q_o + q_hw (the chip takes the recurrent input to be the int8 output at q_o),
/// the input exponent q_i and the output (= hidden state) exponent q_o.
/// </summary>
public sealed class RecurrentParameters
{
    /// <summary>The gate exponent the sigmoid/tanh tables take (Q11).</summary>
    public const int GateExponent = 11;

    /// <summary>Validates and holds the parameters.</summary>
    /// <param name="gateCount">3 for a GRU, 4 for an LSTM.</param>
    /// <param name="inputSize">I.</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="weightIh">W_ih, G·H × I int8 at <paramref name="qWeightIh"/>.</param>
    /// <param name="weightHh">W_hh, G·H × H int8 at <paramref name="qWeightHh"/>.</param>
    /// <param name="biasIh">b_ih, G·H int32 at q_i + q_iw; null means zeros.</param>
    /// <param name="biasHh">b_hh, G·H int32 at q_o + q_hw; null means zeros.</param>
    /// <param name="qInput">q_i.</param>
    /// <param name="qWeightIh">q_iw.</param>
    /// <param name="qWeightHh">q_hw.</param>
    /// <param name="qOutput">q_o, the exponent of the output and of the hidden state fed back.</param>
    /// <exception cref="LingerException">Sizes that do not match, or q_o outside [−16, 14] (the Q14 products are shifted right by 14 − q_o).</exception>
    public RecurrentParameters(int gateCount, int inputSize, int hiddenSize, sbyte[] weightIh, sbyte[] weightHh,
                               int[]? biasIh, int[]? biasHh, int qInput, int qWeightIh, int qWeightHh, int qOutput)
    {
        const string where = "GRUInt/LSTMInt";
        if (gateCount is not (3 or 4))
            throw new LingerException($"{where}: {gateCount} gates; a GRU has 3 and an LSTM 4.");
        KernelGuard.Positive(inputSize, "input size", where);
        KernelGuard.Positive(hiddenSize, "hidden size", where);
        int rows = gateCount * hiddenSize;
        KernelGuard.Length(weightIh.Length, (long)rows * inputSize, $"W_ih [{rows}, {inputSize}]", where);
        KernelGuard.Length(weightHh.Length, (long)rows * hiddenSize, $"W_hh [{rows}, {hiddenSize}]", where);
        if (biasIh is not null) KernelGuard.Length(biasIh.Length, rows, "b_ih", where);
        if (biasHh is not null) KernelGuard.Length(biasHh.Length, rows, "b_hh", where);
        if (qOutput > 14)
            throw new LingerException(
                $"{where}: output exponent {qOutput} is above 14; the hidden state is computed in Q14 and shifted right by 14 − q_o.");
        if (qOutput < -16)
            throw new LingerException($"{where}: output exponent {qOutput} is out of range (below −16).");
        int qIh = qInput + qWeightIh, qHh = qOutput + qWeightHh;
        if (qIh < GateExponent - 30 || qHh < GateExponent - 30 || qIh > GateExponent + 62 || qHh > GateExponent + 62)
            throw new LingerException($"{where}: gate exponents {qIh} and {qHh} are out of range.");
        GateCount = gateCount;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        WeightIh = weightIh;
        WeightHh = weightHh;
        BiasIh = biasIh ?? new int[rows];
        BiasHh = biasHh ?? new int[rows];
        QInput = qInput;
        QWeightIh = qWeightIh;
        QWeightHh = qWeightHh;
        QOutput = qOutput;
    }

    /// <summary>3 (GRU) or 4 (LSTM).</summary>
    public int GateCount { get; }

    /// <summary>I.</summary>
    public int InputSize { get; }

    /// <summary>H.</summary>
    public int HiddenSize { get; }

    /// <summary>W_ih [G·H, I], int8 at q_iw.</summary>
    public sbyte[] WeightIh { get; }

    /// <summary>W_hh [G·H, H], int8 at q_hw.</summary>
    public sbyte[] WeightHh { get; }

    /// <summary>b_ih [G·H], int32 at q_i + q_iw (zeros when the layer has no bias).</summary>
    public int[] BiasIh { get; }

    /// <summary>b_hh [G·H], int32 at q_o + q_hw (zeros when the layer has no bias).</summary>
    public int[] BiasHh { get; }

    /// <summary>q_i.</summary>
    public int QInput { get; }

    /// <summary>q_iw.</summary>
    public int QWeightIh { get; }

    /// <summary>q_hw.</summary>
    public int QWeightHh { get; }

    /// <summary>q_o (output and hidden state).</summary>
    public int QOutput { get; }

    /// <summary>The exponent of <c>W_ih·x + b_ih</c>: q_i + q_iw.</summary>
    public int InputGateExponent => QInput + QWeightIh;

    /// <summary>The exponent of <c>W_hh·h + b_hh</c>: q_o + q_hw.</summary>
    public int HiddenGateExponent => QOutput + QWeightHh;

    /// <summary>
    /// True when both gate pre-activation exponents are ≥ 11, so that bringing them to Q11 is a right
    /// shift (the venus GRU does not shift left; a venus exporter should require this for GRU and LSTM alike).
    /// </summary>
    public bool GateExponentsAtLeastQ11 => InputGateExponent >= GateExponent && HiddenGateExponent >= GateExponent;
}
