using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels;

/// <summary>
/// thinker <c>ConvTranspose2dInt</c> (chip-facts "ConvTranspose2dInt": PyTorch <c>conv_transpose2d</c> plus
/// linger's requantisation): every output element gathers x[iy, ix]·w[ic, oc, ky, kx] over the positions with
/// oy + pad_top = iy·s_h + ky·d_h (and likewise for x); an int32 accumulator that wraps like the CNN engine,
/// then <c>SAT32(acc + bias)</c>. Weight layout [C, OC/group, kh, kw]; pads [top, left, bottom, right];
/// output_padding extends the bottom/right.
/// </summary>
internal static class ConvTranspose2dIntKernel
{
    /// <summary>The saturated int32 accumulators, layout [N, OC, OH, OW].</summary>
    public static int[] Accumulate(sbyte[] x, int n, int c, int h, int w, sbyte[] weight, int ocPerGroup, int kh, int kw, int[]? bias,
        int[] strides, int[] pads, int[] dilations, int groups, int oh, int ow)
    {
        int icPerGroup = c / groups, oc = ocPerGroup * groups;
        var acc = new int[n * oc * oh * ow];
        int o = 0;
        for (int b = 0; b < n; b++)
        for (int co = 0; co < oc; co++)
        {
            int g = co / ocPerGroup, ocIn = co % ocPerGroup;
            for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++)
            {
                int sum = 0;
                for (int ic = 0; ic < icPerGroup; ic++)
                {
                    int ci = g * icPerGroup + ic;
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int ty = oy + pads[0] - ky * dilations[0];
                        if (ty < 0 || ty % strides[0] != 0) continue;
                        int iy = ty / strides[0];
                        if (iy >= h) continue;
                        for (int kx = 0; kx < kw; kx++)
                        {
                            int tx = ox + pads[1] - kx * dilations[1];
                            if (tx < 0 || tx % strides[1] != 0) continue;
                            int ix = tx / strides[1];
                            if (ix >= w) continue;
                            sum = unchecked(sum + x[((b * c + ci) * h + iy) * w + ix] * weight[((ci * ocPerGroup + ocIn) * kh + ky) * kw + kx]);
                        }
                    }
                }
                acc[o++] = bias is null ? sum : Saturation.ToInt32((long)sum + bias[co]);
            }
        }
        return acc;
    }
}
