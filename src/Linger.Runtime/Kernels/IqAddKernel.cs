using LingerNet.Numerics;

namespace LingerNet.Runtime.Kernels;

/// <summary>
/// thinker <c>iqAdd</c> (chip-facts.md, linger-spec §3.16): each operand rescaled to the output exponent
/// with <c>SAT8(RSH(x, q_x − q_o))</c>, then <c>SAT8(a + b)</c>. Identical shapes; q_x, q_y ≥ q_o (checked at load).
/// </summary>
internal static class IqAddKernel
{
    public static sbyte[] Run(sbyte[] x, int shiftX, sbyte[] y, int shiftY)
    {
        var z = new sbyte[x.Length];
        for (int i = 0; i < z.Length; i++)
        {
            long a = RoundingShift.RightSaturate(x[i], shiftX, 8);
            long b = RoundingShift.RightSaturate(y[i], shiftY, 8);
            z[i] = Saturation.ToInt8(a + b);
        }
        return z;
    }
}
