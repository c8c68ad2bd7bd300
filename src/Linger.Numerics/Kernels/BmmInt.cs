namespace LingerNet.Numerics.Kernels;

/// <summary>
/// BmmInt (chip-facts.md "BmmInt", thinker-spec §2.3 BmmInt row, linger-spec §3.13): per batch b,
/// <c>z[b,m,n] = SAT8(RSH(Σ_k x[b,m,k]·y[b,k,n], q_x + q_y − q_o))</c> with the sum exact in int64.
/// 2-D is batch = 1. Only int8 output (the chip writes nothing for 16/32-bit outputs); a negative shift
/// is refused (the packer asserts it).
/// </summary>
public static class BmmInt
{
    /// <summary>The requantization shift q_x + q_y − q_o.</summary>
    /// <exception cref="LingerException">The shift is negative.</exception>
    public static int Shift(int qX, int qY, int qO) => KernelGuard.RightShift(qX + qY, qO, "BmmInt");

    /// <summary>
    /// x is [batch, m, k], y is [batch, k, n], z is [batch, m, n], all row-major.
    /// </summary>
    /// <exception cref="LingerException">Negative shift, non-positive sizes, or lengths that do not match the shapes.</exception>
    public static void Multiply(ReadOnlySpan<sbyte> x, int qX, ReadOnlySpan<sbyte> y, int qY, Span<sbyte> z, int qO,
                                int batch, int m, int k, int n)
    {
        int shift = Shift(qX, qY, qO);
        KernelGuard.Positive(batch, "batch", "BmmInt");
        KernelGuard.Positive(m, "rows of x", "BmmInt");
        KernelGuard.Positive(k, "inner size", "BmmInt");
        KernelGuard.Positive(n, "columns of y", "BmmInt");
        KernelGuard.Length(x.Length, (long)batch * m * k, "x [batch, m, k]", "BmmInt");
        KernelGuard.Length(y.Length, (long)batch * k * n, "y [batch, k, n]", "BmmInt");
        KernelGuard.Length(z.Length, (long)batch * m * n, "output [batch, m, n]", "BmmInt");
        // y's columns as rows, so that every output is one exact dot product of two contiguous rows (Int8Dot).
        var columns = new sbyte[k * n];
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<sbyte> xb = x.Slice(b * m * k, m * k);
            ReadOnlySpan<sbyte> yb = y.Slice(b * k * n, k * n);
            Span<sbyte> zb = z.Slice(b * m * n, m * n);
            for (int t = 0; t < k; t++)
                for (int j = 0; j < n; j++)
                    columns[j * k + t] = yb[t * n + j];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    zb[i * n + j] = Saturation.ToInt8(RoundingShift.Right(Int8Dot.Dot(xb.Slice(i * k, k), columns.AsSpan(j * k, k)), shift));
        }
    }
}
