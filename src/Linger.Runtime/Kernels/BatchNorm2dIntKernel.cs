namespace LingerNet.Runtime.Kernels;

/// <summary>
/// thinker <c>BatchNorm2dInt</c> (chip-facts.md): per channel c, <c>acc = x·w_c + b_c</c> in 64 bits,
/// then <c>SAT8(RSH(acc, q_x + q_w − q_o))</c> (or float without o_bits; see <see cref="LinearIntKernel"/>).
/// Input [N, C, ...]; running mean/var are ignored, as on the chip.
/// </summary>
internal static class BatchNorm2dIntKernel
{
    /// <summary>Reference loop: the exact accumulators, same layout as x.</summary>
    public static long[] Accumulate(sbyte[] x, int n, int c, int inner, sbyte[] alpha, int[] beta)
    {
        var acc = new long[x.Length];
        for (int b = 0; b < n; b++)
        for (int ch = 0; ch < c; ch++)
        {
            int o = (b * c + ch) * inner;
            for (int i = 0; i < inner; i++)
                acc[o + i] = (long)x[o + i] * alpha[ch] + beta[ch];
        }
        return acc;
    }
}
