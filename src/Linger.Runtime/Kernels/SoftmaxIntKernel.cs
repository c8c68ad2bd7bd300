namespace LingerNet.Runtime.Kernels;

/// <summary>
/// SoftmaxInt / LogSoftmaxInt along any axis: gathers the rows along the axis, runs the Numerics kernel
/// (<c>VenusSoftmax</c> / <c>LogSoftmaxInt</c>, the code the training side's eval runs) and scatters the
/// results back. The row kernel is passed in.
/// </summary>
internal static class SoftmaxIntKernel
{
    /// <summary>A row kernel: int8 rows at q_x in, int8 rows at q_o out.</summary>
    public delegate void RowKernel(ReadOnlySpan<sbyte> x, int qX, Span<sbyte> y, int qO, int rowLength);

    /// <summary>Runs <paramref name="kernel"/> over the rows of <paramref name="x"/> [shape] along <paramref name="axis"/> (non-negative).</summary>
    public static sbyte[] Run(sbyte[] x, int[] shape, int axis, int qX, int qO, RowKernel kernel)
    {
        int d = shape[axis];
        long outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.Length; i++) inner *= shape[i];
        var y = new sbyte[x.Length];
        if (x.Length == 0) return y;
        var rows = new sbyte[x.Length];
        var results = new sbyte[x.Length];
        // rows[(o·inner + i)·d + k] = x[(o·d + k)·inner + i]
        for (long o = 0; o < outer; o++)
            for (int k = 0; k < d; k++)
                for (long i = 0; i < inner; i++)
                    rows[((o * inner) + i) * d + k] = x[((o * d) + k) * inner + i];
        kernel(rows, qX, results, qO, d);
        for (long o = 0; o < outer; o++)
            for (int k = 0; k < d; k++)
                for (long i = 0; i < inner; i++)
                    y[((o * d) + k) * inner + i] = results[((o * inner) + i) * d + k];
        return y;
    }
}
