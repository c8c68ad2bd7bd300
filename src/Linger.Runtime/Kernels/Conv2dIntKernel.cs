using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels;

/// <summary>
/// thinker <c>Conv2dInt</c> on venus (chip-facts.md "Conv2dInt", thinker-spec §2.1 CNN engine):
/// NCHW, zero padding [top, left, bottom, right], stride, dilation, groups;
/// an int32 accumulator (<c>sum += x·w</c> wraps on overflow like the CNN engine),
/// the int32 bias added with saturation (<c>SAT32(acc + bias)</c>), then either
/// <c>SAT8(RSH(·, q_x + q_w − q_o))</c> (a shift ≥ 32 gives 0) or, without o_bits, the float
/// <c>acc / 2^(q_x + q_w)</c>. Weight layout [OC, IC/groups, kh, kw].
/// </summary>
internal static class Conv2dIntKernel
{
    /// <summary>Reference loops: the saturated int32 accumulators, layout [N, OC, OH, OW].</summary>
    public static int[] Accumulate(sbyte[] x, sbyte[] w, int[]? bias, Conv2dGeometry g, int outChannels, int groups)
    {
        int icPerGroup = g.C / groups, ocPerGroup = outChannels / groups;
        int oh = g.OH, ow = g.OW;
        var acc = new int[g.N * outChannels * oh * ow];
        int o = 0;
        for (int n = 0; n < g.N; n++)
        for (int oc = 0; oc < outChannels; oc++)
        {
            int group = oc / ocPerGroup;
            for (int y = 0; y < oh; y++)
            for (int xo = 0; xo < ow; xo++)
            {
                int sum = 0; // int32, wraps like the chip's CNN accumulator
                for (int ic = 0; ic < icPerGroup; ic++)
                {
                    int c = group * icPerGroup + ic;
                    for (int ky = 0; ky < g.KH; ky++)
                    {
                        int iy = y * g.StrideH - g.PadTop + ky * g.DilationH;
                        if ((uint)iy >= (uint)g.H) continue; // zero padding
                        for (int kx = 0; kx < g.KW; kx++)
                        {
                            int ix = xo * g.StrideW - g.PadLeft + kx * g.DilationW;
                            if ((uint)ix >= (uint)g.W) continue;
                            sum = unchecked(sum + x[((n * g.C + c) * g.H + iy) * g.W + ix]
                                                * w[((oc * icPerGroup + ic) * g.KH + ky) * g.KW + kx]);
                        }
                    }
                }
                acc[o++] = bias is null ? sum : Saturation.ToInt32((long)sum + bias[oc]);
            }
        }
        return acc;
    }

    /// <summary><c>SAT8(RSH(acc, shift))</c> per element (shift ≥ 0, validated at load).</summary>
    public static sbyte[] RequantizeInt8(int[] acc, int shift)
    {
        var y = new sbyte[acc.Length];
        for (int i = 0; i < acc.Length; i++)
            y[i] = Saturation.ToInt8(RoundingShift.Right(acc[i], shift));
        return y;
    }

    /// <summary>The float view of an accumulator at exponent <paramref name="qAcc"/>: <c>acc · 2^−qAcc</c> as float32.</summary>
    public static float[] ToFloat(int[] acc, int qAcc)
    {
        double inv = Math.ScaleB(1.0, -qAcc);
        var y = new float[acc.Length];
        for (int i = 0; i < acc.Length; i++) y[i] = (float)(acc[i] * inv);
        return y;
    }
}
