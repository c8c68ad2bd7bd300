using LingerNet.Analysis;
using static TorchSharp.torch;

namespace LingerNet;

public static partial class Linger
{
    /// <summary>
    /// Why did accuracy drop? Runs <paramref name="model"/> (after <see cref="Init{T}"/>, trained or loaded) in eval mode on
    /// <paramref name="samples"/> and, for every quantized layer (weighted layers, Add, Cat, AvgPool): weight statistics
    /// (min/max/mean/std, the power-of-two scale, share clipped, unused bits), the same for the output on the samples, and the
    /// SQNR of the layer's integer output (q / 2^n) against the float model's output at that layer, plus the error the layer
    /// adds by itself (local SQNR). The report ranks layers worst first and says the likely fix.
    /// </summary>
    /// <param name="model">The quantized model. Its layers must be called through <c>call()</c> (hooks observe them).</param>
    /// <param name="samples">A batch of inputs, e.g. a few hundred test images <c>[N, 1, 28, 28]</c>.</param>
    /// <param name="floatModel">The float reference with the same module paths (e.g. the model before Init with the same
    /// weights). Null: the quantized model itself, each quantized layer computing its float function with its float weights.</param>
    /// <returns>The report; <see cref="AnalysisReport.Write"/> writes Markdown, HTML and PNG charts.</returns>
    /// <exception cref="LingerException">The model has no quantized layers, or has no statistics yet.</exception>
    public static AnalysisReport Analyse(nn.Module<Tensor, Tensor> model, Tensor samples, nn.Module<Tensor, Tensor>? floatModel = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        return new LayerAnalyser(model).Run(samples, floatModel);
    }
}
