namespace LingerNet.Numerics;

/// <summary>
/// The chip's rounding ("luna_quant"): round half up, floor(x + 0.5), so −2.5 → −2 and 2.5 → 3.
/// Never banker's rounding; never <see cref="Math.Round(double)"/>.
/// </summary>
public static class Rounding
{
    /// <summary>floor(x + 0.5).</summary>
    public static double HalfUp(double x) => Math.Floor(x + 0.5);

    /// <summary>Quantizes a real value at a power-of-two scale: clamp(floor(x·2^n + 0.5)) to the signed range of bits.</summary>
    public static long Quantize(double x, Pow2Scale scale, int bits)
    {
        double v = Math.Floor(x * scale.Value + 0.5);
        if (double.IsNaN(v)) return 0;
        return (long)Math.Clamp(v, QuantRange.Min(bits), QuantRange.Max(bits));
    }

    /// <summary>Float32 quantization exactly as thinker's Quant op computes it: SAT(floorf(x·2^n + 0.5)) in float32.</summary>
    public static long QuantizeFloat32(float x, Pow2Scale scale, int bits)
    {
        float v = MathF.Floor(x * scale.FloatValue + 0.5f);
        if (float.IsNaN(v)) return 0;
        return (long)Math.Clamp((double)v, QuantRange.Min(bits), QuantRange.Max(bits));
    }
}
