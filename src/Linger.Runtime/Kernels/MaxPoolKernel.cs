namespace LingerNet.Runtime.Kernels;

/// <summary>
/// ONNX <c>MaxPool</c> on int8 as the chip runs it (thinker-spec §2.1, chip-facts.md): the maximum over
/// in-bounds elements only (padding never wins; the accumulator starts at INT32_MIN, so a window
/// entirely in the padding gives SAT8(INT32_MIN) = −128). No requantization. Floor output shapes.
/// </summary>
internal static class MaxPoolKernel
{
    public static sbyte[] Run(sbyte[] x, Conv2dGeometry g)
    {
        int oh = g.OH, ow = g.OW;
        var y = new sbyte[g.N * g.C * oh * ow];
        int o = 0;
        for (int nc = 0; nc < g.N * g.C; nc++)
        for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
        {
            int best = sbyte.MinValue;
            for (int ky = 0; ky < g.KH; ky++)
            {
                int iy = oy * g.StrideH - g.PadTop + ky * g.DilationH;
                if ((uint)iy >= (uint)g.H) continue;
                for (int kx = 0; kx < g.KW; kx++)
                {
                    int ix = ox * g.StrideW - g.PadLeft + kx * g.DilationW;
                    if ((uint)ix >= (uint)g.W) continue;
                    int v = x[(nc * g.H + iy) * g.W + ix];
                    if (v > best) best = v;
                }
            }
            y[o++] = (sbyte)best;
        }
        return y;
    }
}
