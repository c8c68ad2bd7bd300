namespace LingerNet.Numerics.Kernels;

/// <summary>
/// iqMul as the venus chip computes it (chip-facts.md "iqMul", thinker-spec §2.3 iqMul row, linger-spec
/// §3.18): <c>z = SAT8(RSH(x·y, q_x + q_y − q_o))</c>, the product exact (|x·y| ≤ 2^14), the shift
/// non-negative (the chip returns an error otherwise; linger re-scales y so it never happens).
/// Three shapes: same shape, an int8 scalar, and <c>[N,C,H,W] × [N,C,1,1]</c>. The chip supports the
/// broadcast only with N = 1; this kernel computes any N (linger's intended semantics), the exporter
/// refuses N &gt; 1 for venus.
/// </summary>
public static class IqMul
{
    /// <summary>The requantization shift q_x + q_y − q_o.</summary>
    /// <exception cref="LingerException">The shift is negative.</exception>
    public static int Shift(int qX, int qY, int qO) => KernelGuard.RightShift(qX + qY, qO, "iqMul");

    /// <summary>One element: <c>SAT8(RSH(x·y, shift))</c>.</summary>
    public static sbyte Multiply(sbyte x, sbyte y, int shift) => Saturation.ToInt8(RoundingShift.Right(x * y, shift));

    /// <summary>Elementwise product of two tensors of the same shape.</summary>
    /// <exception cref="LingerException">Negative shift or mismatched lengths.</exception>
    public static void SameShape(ReadOnlySpan<sbyte> x, int qX, ReadOnlySpan<sbyte> y, int qY, Span<sbyte> z, int qO)
    {
        int shift = Shift(qX, qY, qO);
        KernelGuard.Length(y.Length, x.Length, "second operand", "iqMul");
        KernelGuard.Length(z.Length, x.Length, "output", "iqMul");
        for (int i = 0; i < x.Length; i++)
            z[i] = Multiply(x[i], y[i], shift);
    }

    /// <summary>Product with an int8 0-d scalar at exponent q_y.</summary>
    /// <exception cref="LingerException">Negative shift or mismatched lengths.</exception>
    public static void Scalar(ReadOnlySpan<sbyte> x, int qX, sbyte y, int qY, Span<sbyte> z, int qO)
    {
        int shift = Shift(qX, qY, qO);
        KernelGuard.Length(z.Length, x.Length, "output", "iqMul");
        for (int i = 0; i < x.Length; i++)
            z[i] = Multiply(x[i], y, shift);
    }

    /// <summary>
    /// <c>[N,C,H,W] × [N,C,1,1]</c>: each (n, c) plane of x (<paramref name="planeSize"/> = H·W elements)
    /// is multiplied by y[n·C + c].
    /// </summary>
    /// <exception cref="LingerException">Negative shift or lengths that do not match N·C·H·W and N·C.</exception>
    public static void BroadcastPerChannel(ReadOnlySpan<sbyte> x, int qX, ReadOnlySpan<sbyte> y, int qY, Span<sbyte> z, int qO,
                                           int batch, int channels, int planeSize)
    {
        int shift = Shift(qX, qY, qO);
        KernelGuard.NonNegative(batch, "N", "iqMul");
        KernelGuard.NonNegative(channels, "C", "iqMul");
        KernelGuard.NonNegative(planeSize, "H·W", "iqMul");
        long planes = (long)batch * channels;
        KernelGuard.Length(x.Length, planes * planeSize, "first operand [N,C,H,W]", "iqMul");
        KernelGuard.Length(y.Length, planes, "second operand [N,C,1,1]", "iqMul");
        KernelGuard.Length(z.Length, x.Length, "output", "iqMul");
        for (int p = 0; p < planes; p++)
        {
            sbyte scale = y[p];
            int start = p * planeSize;
            for (int i = start; i < start + planeSize; i++)
                z[i] = Multiply(x[i], scale, shift);
        }
    }
}
