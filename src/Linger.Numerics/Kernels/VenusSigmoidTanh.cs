namespace LingerNet.Numerics.Kernels;

/// <summary>
/// iqSigmoid / iqTanh as the venus chip computes them (chip-facts.md "iqSigmoid / iqTanh",
/// thinker-spec §2.3 iqSigmoid row, linger-spec §3.17): an int16 input at exponent q_x ≥ 11 is brought
/// to Q11 by <c>SAT16(RSH(x, q_x − 11))</c> and mapped to Q7 through the
/// <see cref="PiecewiseSigmoidTanh"/> tables. An int8 input first goes through the 8 → 16-bit Requant
/// linger inserts (×256, a plain left shift, chip-facts "Requant"), so it sits at q_x + 8.
/// The output is always int8 at exponent <see cref="OutputExponent"/> (7).
/// </summary>
public static class VenusSigmoidTanh
{
    /// <summary>The exponent of the table input (Q11).</summary>
    public const int TableInputExponent = 11;

    /// <summary>The exponent of the output (Q7): sigmoid in [0, 127], tanh in [−128, 127].</summary>
    public const int OutputExponent = 7;

    /// <summary>The left shift of linger's 8 → 16-bit Requant in front of iqSigmoid/iqTanh (scale ×256).</summary>
    public const int Int8ToInt16Shift = 8;

    /// <summary>
    /// Refuses an int16 input exponent below 11: the chip only shifts right into Q11, so a finer
    /// input would be fed to the tables unscaled (chip defect, chip-facts "iqSigmoid / iqTanh").
    /// </summary>
    /// <exception cref="LingerException">q_x &lt; 11.</exception>
    public static void CheckInt16InputExponent(int qX, string where = "iqSigmoid/iqTanh")
    {
        if (qX < TableInputExponent)
            throw new LingerException(
                $"{where}: int16 input at exponent {qX} (scale 2^{qX}) is below Q11. The venus chip only shifts the " +
                $"input right into Q11; an input below Q11 is fed to the sigmoid/tanh tables unscaled and gives wrong " +
                $"results. Use an int16 input exponent of at least 11 (int8 input: at least {TableInputExponent - Int8ToInt16Shift}).");
        if (qX - TableInputExponent >= 64)
            throw new LingerException($"{where}: input exponent {qX} is out of range.");
    }

    /// <summary>Refuses an int8 input exponent below 3 (after the ×256 Requant it would be below Q11).</summary>
    /// <exception cref="LingerException">q_x + 8 &lt; 11.</exception>
    public static void CheckInt8InputExponent(int qX, string where = "iqSigmoid/iqTanh")
    {
        if (qX + Int8ToInt16Shift < TableInputExponent)
            throw new LingerException(
                $"{where}: int8 input at exponent {qX} becomes int16 at exponent {qX + Int8ToInt16Shift} after the 8 → 16-bit " +
                $"Requant, below Q11. The venus chip only shifts the input right into Q11; a finer input is fed to the " +
                $"sigmoid/tanh tables unscaled and gives wrong results. Use an int8 input exponent of at least " +
                $"{TableInputExponent - Int8ToInt16Shift}.");
        CheckInt16InputExponent(qX + Int8ToInt16Shift, where);
    }

    /// <summary><c>SAT16(RSH(x, q_x − 11))</c>: an int16 at exponent q_x ≥ 11 brought to Q11 (the caller checked q_x).</summary>
    public static short ToQ11(short x, int qX) => Saturation.ToInt16(RoundingShift.Right(x, qX - TableInputExponent));

    /// <summary>Sigmoid of int16 inputs at exponent q_x ≥ 11, Q7 out.</summary>
    /// <exception cref="LingerException">q_x &lt; 11, or the spans differ in length.</exception>
    public static void Sigmoid(ReadOnlySpan<short> x, int qX, Span<sbyte> y)
    {
        CheckInt16InputExponent(qX, "iqSigmoid");
        KernelGuard.Length(y.Length, x.Length, "output", "iqSigmoid");
        for (int i = 0; i < x.Length; i++)
            y[i] = PiecewiseSigmoidTanh.SigmoidQ7(ToQ11(x[i], qX));
    }

    /// <summary>Tanh of int16 inputs at exponent q_x ≥ 11, Q7 out.</summary>
    /// <exception cref="LingerException">q_x &lt; 11, or the spans differ in length.</exception>
    public static void Tanh(ReadOnlySpan<short> x, int qX, Span<sbyte> y)
    {
        CheckInt16InputExponent(qX, "iqTanh");
        KernelGuard.Length(y.Length, x.Length, "output", "iqTanh");
        for (int i = 0; i < x.Length; i++)
            y[i] = PiecewiseSigmoidTanh.TanhQ7(ToQ11(x[i], qX));
    }

    /// <summary>
    /// Sigmoid of int8 inputs at exponent q_x ≥ 3: Requant 8 → 16 (<c>x·2^8</c>, exact, exponent q_x + 8),
    /// then the int16 path. Q7 out.
    /// </summary>
    /// <exception cref="LingerException">q_x &lt; 3, or the spans differ in length.</exception>
    public static void Sigmoid(ReadOnlySpan<sbyte> x, int qX, Span<sbyte> y)
    {
        CheckInt8InputExponent(qX, "iqSigmoid");
        KernelGuard.Length(y.Length, x.Length, "output", "iqSigmoid");
        int q16 = qX + Int8ToInt16Shift;
        for (int i = 0; i < x.Length; i++)
            y[i] = PiecewiseSigmoidTanh.SigmoidQ7(ToQ11((short)(x[i] << Int8ToInt16Shift), q16));
    }

    /// <summary>Tanh of int8 inputs at exponent q_x ≥ 3 (Requant 8 → 16, then the int16 path). Q7 out.</summary>
    /// <exception cref="LingerException">q_x &lt; 3, or the spans differ in length.</exception>
    public static void Tanh(ReadOnlySpan<sbyte> x, int qX, Span<sbyte> y)
    {
        CheckInt8InputExponent(qX, "iqTanh");
        KernelGuard.Length(y.Length, x.Length, "output", "iqTanh");
        int q16 = qX + Int8ToInt16Shift;
        for (int i = 0; i < x.Length; i++)
            y[i] = PiecewiseSigmoidTanh.TanhQ7(ToQ11((short)(x[i] << Int8ToInt16Shift), q16));
    }

    /// <summary>
    /// The whole int8 sigmoid at exponent q_x ≥ 3 as a 256-entry table indexed by <c>x + 128</c>
    /// (for vectorised callers, e.g. a tensor gather in the training side's eval path).
    /// </summary>
    /// <exception cref="LingerException">q_x &lt; 3.</exception>
    public static sbyte[] SigmoidTable(int qX) => Int8Table(qX, sigmoid: true);

    /// <summary>The whole int8 tanh at exponent q_x ≥ 3 as a 256-entry table indexed by <c>x + 128</c>.</summary>
    /// <exception cref="LingerException">q_x &lt; 3.</exception>
    public static sbyte[] TanhTable(int qX) => Int8Table(qX, sigmoid: false);

    private static sbyte[] Int8Table(int qX, bool sigmoid)
    {
        var x = new sbyte[256];
        for (int i = 0; i < 256; i++) x[i] = (sbyte)(i - 128);
        var y = new sbyte[256];
        if (sigmoid) Sigmoid(x, qX, y);
        else Tanh(x, qX, y);
        return y;
    }
}
