namespace LingerNet.Tests.Support;

/// <summary>
/// Deliberately plain integer references, written from the spec formulas and independent of the
/// library's tensor code: loops over longs, the chip's rounding written out.
/// </summary>
public static class IntReference
{
    /// <summary>floor(v / 2^s + 0.5), computed by exact integer floor division.</summary>
    public static long Rsh(long v, int s)
    {
        if (s <= 0) return v;
        long d = 1L << s;
        long num = 2 * v + d; // floor((2v + d) / 2d)
        long q = num / (2 * d);
        if (num % (2 * d) != 0 && num < 0) q--;
        return q;
    }

    public static long Sat(long v, int bits)
    {
        long hi = (1L << (bits - 1)) - 1, lo = -(1L << (bits - 1));
        return Math.Clamp(v, lo, hi);
    }

    /// <summary>clamp(floor(x·2^n + 0.5)) computed in float32, as thinker's Quant does.</summary>
    public static long QuantF32(float x, int n, int bits)
        => Sat((long)MathF.Floor(x * MathF.ScaleB(1f, n) + 0.5f), bits);

    /// <summary>clamp(floor(x·2^n + 0.5)) computed in float64 (weights and biases).</summary>
    public static long QuantF64(double x, int n, int bits)
        => Sat((long)Math.Floor(x * Math.ScaleB(1.0, n) + 0.5), bits);

    /// <summary>NCHW grouped convolution, zero padding, int accumulation.</summary>
    public static long[] Conv2d(long[] x, int n, int c, int h, int w, long[] wt, int oc, int kh, int kw, long[]? bias,
        int sh, int sw, int ph, int pw, int groups, out int oh, out int ow)
    {
        oh = (h + 2 * ph - kh) / sh + 1;
        ow = (w + 2 * pw - kw) / sw + 1;
        int cg = c / groups, ocg = oc / groups;
        var y = new long[n * oc * oh * ow];
        for (int b = 0; b < n; b++)
        for (int o = 0; o < oc; o++)
        {
            int g = o / ocg;
            for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
            {
                long acc = 0;
                for (int ci = 0; ci < cg; ci++)
                for (int u = 0; u < kh; u++)
                for (int v = 0; v < kw; v++)
                {
                    int yy = i * sh - ph + u, xx = j * sw - pw + v;
                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                    acc += x[((b * c) + g * cg + ci) * h * w + yy * w + xx] * wt[((o * cg) + ci) * kh * kw + u * kw + v];
                }
                if (bias is not null) acc += bias[o];
                y[((b * oc) + o) * oh * ow + i * ow + j] = Sat(acc, 32);
            }
        }
        return y;
    }
}
