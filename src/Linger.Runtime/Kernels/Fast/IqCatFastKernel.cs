using System.Runtime.CompilerServices;
using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Equals <see cref="IqCatKernel.Run"/>: an input already at the output exponent is copied block by
/// block (its rescale is the identity for int8); the others go through the reference rescale per element.
/// </summary>
internal static class IqCatFastKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            int block = shape[axis] * inner;
            for (int o = 0; o < outer; o++)
            {
                var src = data.AsSpan(o * block, block);
                var dst = y.AsSpan((o * outAxis + axisOffset) * inner, block);
                if (q == qOut) src.CopyTo(dst);
                else for (int i = 0; i < block; i++) dst[i] = (sbyte)RoundingShift.Rescale(src[i], q, qOut, 8);
            }
            axisOffset += shape[axis];
        }
        return y;
    }
}
