using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels;

/// <summary>
/// thinker <c>iqCat</c> (thinker-spec §2.3 "iqCat / Concat", linger-spec §3.21): each input rescaled to the
/// output exponent (<c>SAT8(RSH(x, q_in − q_o))</c> if coarser, <c>SAT8(x·2^(q_o − q_in))</c> if finer,
/// copy if equal), then concatenated along <c>axis</c>.
/// </summary>
internal static class IqCatKernel
{
    /// <param name="inputs">int8 inputs with their shapes (equal except along axis) and exponents.</param>
    /// <param name="axis">Non-negative axis.</param>
    /// <param name="qOut">Output exponent.</param>
    /// <param name="outShape">Output shape.</param>
    public static sbyte[] Run(IReadOnlyList<(sbyte[] Data, int[] Shape, int Q)> inputs, int axis, int qOut, int[] outShape)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= outShape[d];
        for (int d = axis + 1; d < outShape.Length; d++) inner *= outShape[d];
        int outAxis = outShape[axis];
        var y = new sbyte[outer * outAxis * inner];
        int axisOffset = 0;
        foreach (var (data, shape, q) in inputs)
        {
            int len = shape[axis];
            for (int o = 0; o < outer; o++)
            for (int a = 0; a < len; a++)
            for (int i = 0; i < inner; i++)
            {
                long v = data[(o * len + a) * inner + i];
                y[(o * outAxis + axisOffset + a) * inner + i] = (sbyte)RoundingShift.Rescale(v, q, qOut, 8);
            }
            axisOffset += len;
        }
        return y;
    }
}
