using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels;

/// <summary>
/// thinker <c>AvgPool2dInt</c> (thinker-spec §2.3, chip-facts.md): the divisor is always kh·kw
/// (pads add 0, count_include_pad semantics); each window sum goes through
/// <see cref="ChipDivision.AvgPoolWindow"/>: power-of-two areas <c>SAT8(RSH(SAT16(sum), log2 k))</c>,
/// other areas the chip's rounding division with q_x, q_o. Floor output shapes.
/// </summary>
internal static class AvgPool2dIntKernel
{
    public static sbyte[] Run(sbyte[] x, Conv2dGeometry g, int qIn, int qOut)
    {
        int oh = g.OH, ow = g.OW, area = g.KH * g.KW;
        var y = new sbyte[g.N * g.C * oh * ow];
        int o = 0;
        for (int nc = 0; nc < g.N * g.C; nc++)
        for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
        {
            long sum = 0;
            for (int ky = 0; ky < g.KH; ky++)
            {
                int iy = oy * g.StrideH - g.PadTop + ky;
                if ((uint)iy >= (uint)g.H) continue;
                for (int kx = 0; kx < g.KW; kx++)
                {
                    int ix = ox * g.StrideW - g.PadLeft + kx;
                    if ((uint)ix >= (uint)g.W) continue;
                    sum += x[(nc * g.H + iy) * g.W + ix];
                }
            }
            y[o++] = ChipDivision.AvgPoolWindow(sum, area, qIn, qOut);
        }
        return y;
    }
}
