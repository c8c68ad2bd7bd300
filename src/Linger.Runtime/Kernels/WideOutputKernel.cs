using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels;

/// <summary>
/// The 16- and 32-bit outputs of Conv2dInt/LinearInt (linger-spec §1.6 with o_bits 16/32): <c>SAT16(RSH(acc, shift))</c>,
/// or <c>SAT32(RSH(acc, shift))</c> — for the CNN engine's int32 accumulator a right shift always fits, so its 32-bit
/// output is the shifted accumulator unsaturated, as on the chip.
/// </summary>
internal static class WideOutputKernel
{
    /// <summary>int16[] for 16 bits, int32[] for 32 bits.</summary>
    public static Array Requantize(long[] acc, int shift, int bits)
    {
        if (bits == 16)
        {
            var y = new short[acc.Length];
            for (int i = 0; i < acc.Length; i++) y[i] = Saturation.ToInt16(RoundingShift.Right(acc[i], shift));
            return y;
        }
        var z = new int[acc.Length];
        for (int i = 0; i < acc.Length; i++) z[i] = Saturation.ToInt32(RoundingShift.Right(acc[i], shift));
        return z;
    }
}
