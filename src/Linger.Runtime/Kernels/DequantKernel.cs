using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels;

/// <summary>thinker <c>Dequant</c> (thinker-spec §2.3): int → float32, <c>y = x · (1 / 2^q)</c> in float32.</summary>
internal static class DequantKernel
{
    public static float[] Run(RuntimeTensor x, Pow2Scale scale)
    {
        float inv = (float)Math.ScaleB(1.0, -scale.Exponent);
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++)
            y[i] = x.GetInteger(i) * inv;
        return y;
    }
}
