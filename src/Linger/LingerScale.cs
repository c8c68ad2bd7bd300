using LingerNet.Numerics;
using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet;

public static partial class Linger
{
    /// <summary>
    /// The power-of-two scale 2^n of a tensor produced by a quantized module (after
    /// <see cref="Init{T}"/>): its float values are exactly q / 2^n for the integers q the chip (and
    /// <c>LingerNet.Runtime</c>) computes. Compare eval output with the runtime like this:
    /// <code>
    /// int n = Linger.ScaleOf(y).Exponent;
    /// long[] q = y.mul(Math.ScaleB(1.0, n)).to_type(ScalarType.Int64).data&lt;long&gt;().ToArray();
    /// // q equals runtime.Run(x).Outputs[0].Int8, element for element
    /// </code>
    /// </summary>
    /// <param name="tensor">An output of a quantized module, as returned (not a copy or a view made from it).</param>
    /// <exception cref="LingerException">
    /// The tensor carries no scale: it is a plain float tensor, the output of a float (not yet
    /// <see cref="Init{T}"/>-ed) module, or a new tensor computed from a quantized one.
    /// </exception>
    public static Pow2Scale ScaleOf(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return QuantTags.Get(tensor)?.Scale
            ?? throw new LingerException(
                "Linger.ScaleOf: this tensor has no quantization scale. Only the tensor a quantized module returns carries one " +
                "(call Linger.Init first; arithmetic, .clone() and views create untagged tensors).");
    }
}
