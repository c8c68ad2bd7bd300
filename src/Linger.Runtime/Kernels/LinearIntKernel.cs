using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels;

/// <summary>
/// thinker <c>LinearInt</c> (chip-facts.md "LinearInt", thinker-spec §2.3): input viewed as [M, N],
/// weight [L, N]; <c>acc[m,l] = Σ_n x[m,n]·w[l,n] + b[l]</c> exactly (64-bit), then
/// <c>SAT8(RSH(acc, q_x + q_w − q_o))</c>, or the float <c>acc / 2^(q_x + q_w)</c> without o_bits.
/// </summary>
internal static class LinearIntKernel
{
    /// <summary>Reference loops: the exact accumulators, layout [M, L].</summary>
    public static long[] Accumulate(sbyte[] x, int m, int n, sbyte[] w, int l, int[]? bias)
    {
        var acc = new long[m * l];
        for (int i = 0; i < m; i++)
        for (int j = 0; j < l; j++)
        {
            long sum = 0;
            int xo = i * n, wo = j * n;
            for (int k = 0; k < n; k++) sum += x[xo + k] * w[wo + k];
            acc[i * l + j] = sum + (bias is null ? 0 : bias[j]);
        }
        return acc;
    }

    /// <summary><c>SAT8(RSH(acc, shift))</c> per element.</summary>
    public static sbyte[] RequantizeInt8(long[] acc, int shift)
    {
        var y = new sbyte[acc.Length];
        for (int i = 0; i < acc.Length; i++) y[i] = Saturation.ToInt8(RoundingShift.Right(acc[i], shift));
        return y;
    }

    /// <summary><c>acc · 2^−qAcc</c> as float32.</summary>
    public static float[] ToFloat(long[] acc, int qAcc)
    {
        double inv = Math.ScaleB(1.0, -qAcc);
        var y = new float[acc.Length];
        for (int i = 0; i < acc.Length; i++) y[i] = (float)(acc[i] * inv);
        return y;
    }
}
