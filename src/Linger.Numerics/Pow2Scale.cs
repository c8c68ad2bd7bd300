namespace LingerNet.Numerics;

/// <summary>
/// A power-of-two quantization scale 2^<see cref="Exponent"/>: a real value r is stored as the
/// integer q = round(r · 2^n), so r ≈ q / 2^n ("Qn"). The exponent may be negative.
/// </summary>
public readonly record struct Pow2Scale(int Exponent)
{
    /// <summary>The scale as a number, 2^Exponent (exact in double for |n| ≤ 1022).</summary>
    public double Value => Math.ScaleB(1.0, Exponent);

    /// <summary>The scale as a float32, as written in ONNX attributes (exact for |n| ≤ 126).</summary>
    public float FloatValue => (float)Value;

    /// <summary>
    /// Reads a scale stored as a number (e.g. the float attribute <c>scale_x = 32.0</c>).
    /// Thinker's rule: |log2(s) − round(log2(s))| must be below 1e-6.
    /// </summary>
    /// <exception cref="LingerException">The value is not a positive power of two.</exception>
    public static Pow2Scale FromValue(double scale, string where = "scale")
    {
        if (!(scale > 0) || double.IsInfinity(scale))
            throw new LingerException($"{where}: scale {scale} is not a positive power of two.");
        double l = Math.Log2(scale);
        double n = Math.Round(l);
        if (Math.Abs(l - n) >= 1e-6)
            throw new LingerException($"{where}: scale {scale} is not a power of two (log2 = {l}).");
        return new Pow2Scale((int)n);
    }

    /// <summary>
    /// The dynamic (per-batch) scale of linger-spec §1.1: the largest 2^n with max·2^n ≤ bound
    /// (n = floor(log2(bound / max))), so the dynamic scale never saturates. A zero max gives 2^bits.
    /// </summary>
    public static Pow2Scale FromMaxAbs(double maxAbs, int bits)
    {
        if (maxAbs <= 0 || double.IsNaN(maxAbs)) return new Pow2Scale(bits);
        int n = (int)Math.Floor(Math.Log2(QuantRange.Bound(bits) / maxAbs));
        // log2 may land a hair off an exact power of two: make sure max·2^n ≤ bound holds exactly.
        while (maxAbs * Math.ScaleB(1.0, n) > QuantRange.Bound(bits)) n--;
        while (maxAbs * Math.ScaleB(1.0, n + 1) <= QuantRange.Bound(bits)) n++;
        return new Pow2Scale(n);
    }

    /// <summary>
    /// The scale derived from a running statistic (linger-spec §1.1 <c>running_to_scale</c>):
    /// n = round(log2(bound / running)) with round-half-to-even (Python's round); 2^0 if running is 0.
    /// </summary>
    public static Pow2Scale FromRunning(double running, int bits)
    {
        if (running <= 0 || double.IsNaN(running)) return new Pow2Scale(0);
        return new Pow2Scale((int)Math.Round(Math.Log2(QuantRange.Bound(bits) / running), MidpointRounding.ToEven));
    }

    /// <summary>The largest representable magnitude at this scale: bound(bits) / 2^n (what running statistics average).</summary>
    public double MaxRepresentable(int bits) => QuantRange.Bound(bits) / Value;

    /// <inheritdoc />
    public override string ToString() => $"2^{Exponent}";
}
