using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels;

/// <summary>
/// thinker <c>Quant</c> (thinker-spec §2.3, <c>utils.c::quant</c>): float32 → int8,
/// <c>y = SAT8(floorf(x·2^q + 0.5))</c> computed in float32.
/// </summary>
internal static class QuantKernel
{
    public static sbyte[] Run(float[] x, Pow2Scale scale)
    {
        var y = new sbyte[x.Length];
        for (int i = 0; i < x.Length; i++)
            y[i] = (sbyte)Rounding.QuantizeFloat32(x[i], scale, 8);
        return y;
    }
}
