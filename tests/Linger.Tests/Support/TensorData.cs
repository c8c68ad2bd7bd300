using LingerNet.Platform;
using static TorchSharp.torch;

namespace LingerNet.Tests.Support;

public static class TensorData
{
    public static float[] Floats(Tensor t) => HostArrays.Floats(t);

    public static double[] Doubles(Tensor t) => HostArrays.Doubles(t);

    /// <summary>The integers a float tensor at scale 2^n stands for; fails if a value is off the grid.</summary>
    public static long[] Integers(Tensor t, int exponent)
    {
        var d = Doubles(t);
        var r = new long[d.Length];
        for (int i = 0; i < d.Length; i++)
        {
            double v = d[i] * Math.ScaleB(1.0, exponent);
            if (v != Math.Floor(v)) throw new Xunit.Sdk.XunitException($"element {i} = {d[i]} is not on the grid 2^-{exponent}");
            r[i] = (long)v;
        }
        return r;
    }

    /// <summary>Bit-for-bit equality of two float tensors: same shape and the same bits in every element (−0 ≠ +0).</summary>
    public static bool SameBits(Tensor a, Tensor b)
        => a.shape.SequenceEqual(b.shape) && a.detach().contiguous().bytes.SequenceEqual(b.detach().contiguous().bytes);
}
