using LingerNet.Numerics;

namespace LingerNet.Quantization;

/// <summary>
/// What a quantized module knows about one of its output tensors: the power-of-two scale and the bit
/// width of the integers it stands for (linger's IQTensor attributes). The tensor's float values are
/// exactly q / 2^n for integers q in the signed range of <see cref="Bits"/>.
/// </summary>
/// <param name="Scale">The tensor's scale 2^n.</param>
/// <param name="Bits">The integer width (8 for activations between ops).</param>
public sealed record QuantInfo(Pow2Scale Scale, int Bits);
