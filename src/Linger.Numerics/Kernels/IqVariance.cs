namespace LingerNet.Numerics.Kernels;

/// <summary>
/// iqVar (linger-spec §3.23): the variance of int8 values at Q(q_x) along one axis, at Q(q_o), rounded half to
/// even as linger's <c>torch.round</c> and saturated to int8. Computed exactly: with n elements, S1 = Σx and
/// S2 = Σx², var·2^q_o = (n·S2 − S1²)·2^(q_o − 2·q_x) / (n·(n − u)) with u = 1 when unbiased.
/// </summary>
public static class IqVariance
{
    /// <summary>One reduced value from the element count and the integer sums.</summary>
    public static sbyte FromSums(long n, long s1, long s2, int qx, int qo, bool unbiased)
    {
        long dof = unbiased ? n - 1 : n;
        if (dof <= 0) throw new LingerException($"iqVar: {n} element(s) along the axis leave no degrees of freedom{(unbiased ? " (unbiased)" : "")}.");
        Int128 num = (Int128)n * s2 - (Int128)s1 * s1;
        Int128 den = (Int128)n * dof;
        int k = qo - 2 * qx;
        if (k >= 0)
        {
            if (k > 60 || num > (Int128.MaxValue >> (k + 1))) return num == 0 ? (sbyte)0 : sbyte.MaxValue;
            num <<= k;
        }
        else
        {
            if (-k > 60) return 0;
            den <<= -k;
        }
        Int128 q = Int128.DivRem(num, den).Quotient;
        Int128 r = num - q * den;
        if (2 * r > den || (2 * r == den && (q & 1) == 1)) q++;
        return q > sbyte.MaxValue ? sbyte.MaxValue : (sbyte)q;
    }

    /// <summary>Reduces <paramref name="x"/> laid out as [outer, n, inner] along the middle axis into <paramref name="y"/> [outer, inner].</summary>
    public static void Apply(ReadOnlySpan<sbyte> x, int outer, int n, int inner, int qx, int qo, bool unbiased, Span<sbyte> y)
    {
        KernelGuard.Length(x.Length, (long)outer * n * inner, "input", "iqVar");
        KernelGuard.Length(y.Length, (long)outer * inner, "output", "iqVar");
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                long s1 = 0, s2 = 0;
                for (int j = 0; j < n; j++)
                {
                    long v = x[(o * n + j) * inner + i];
                    s1 += v;
                    s2 += v * v;
                }
                y[o * inner + i] = FromSums(n, s1, s2, qx, qo, unbiased);
            }
    }
}
