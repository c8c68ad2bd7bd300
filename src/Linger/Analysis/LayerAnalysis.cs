namespace LingerNet.Analysis;

/// <summary>The analysis of one quantized layer (see <see cref="Linger.Analyse"/>).</summary>
/// <param name="Name">The module path in the model (e.g. <c>conv2</c>, <c>block.add</c>).</param>
/// <param name="Kind">The module type (e.g. <c>Conv2dInt</c>).</param>
/// <param name="Order">Position in execution order (first call).</param>
/// <param name="Weights">The weights as the layer quantizes them (BatchNorm folded, clamps applied); null for layers without weights.</param>
/// <param name="Activations">The float reference's output at this layer against the quantized layer's output scale and integers.</param>
/// <param name="Sqnr">SQNR in dB of the quantized output (q / 2^n) against the float model's output at this layer: the error
/// accumulated up to here. +∞ when equal; NaN when the float model has no such layer.</param>
/// <param name="LocalSqnr">SQNR in dB of the quantized output against the layer's float function applied to the same (quantized)
/// input: the error this layer adds by itself. Layers are ranked by it.</param>
/// <param name="Advice">The likely cause and fix in words, or "fine".</param>
public sealed record LayerAnalysis(
    string Name, string Kind, int Order, TensorStatistics? Weights, TensorStatistics Activations, double Sqnr, double LocalSqnr, string Advice);
