namespace LingerNet.Analysis;

/// <summary>
/// The result of <see cref="Linger.Analyse"/>: every quantized layer in execution order, the worst ones first in
/// <see cref="WorstFirst"/>, and writers for a Markdown and an HTML report with PNG charts.
/// </summary>
public sealed class AnalysisReport
{
    internal AnalysisReport(IReadOnlyList<LayerAnalysis> layers, int samples, string floatReference, IReadOnlyList<string> notReached)
    {
        Layers = layers;
        Samples = samples;
        FloatReference = floatReference;
        NotReached = notReached;
    }

    /// <summary>The analysed layers in execution order.</summary>
    public IReadOnlyList<LayerAnalysis> Layers { get; }

    /// <summary>The layers ranked by the error each adds by itself (lowest local SQNR first), then by SQNR.</summary>
    public IReadOnlyList<LayerAnalysis> WorstFirst =>
        Layers.OrderBy(l => double.IsNaN(l.LocalSqnr) ? double.PositiveInfinity : l.LocalSqnr).ThenBy(l => l.Sqnr).ToList();

    /// <summary>How many samples were run.</summary>
    public int Samples { get; }

    /// <summary>What the SQNR is measured against.</summary>
    public string FloatReference { get; }

    /// <summary>Quantized layers the run never reached through <c>call()</c> (no hooks fire through <c>forward()</c>).</summary>
    public IReadOnlyList<string> NotReached { get; }

    /// <summary>The report as Markdown; <paramref name="imagePrefix"/> is prepended to the PNG file names (null: no images).</summary>
    public string ToMarkdown(string? imagePrefix = null) => AnalysisReportWriter.Markdown(this, imagePrefix);

    /// <summary>
    /// Writes <c>report.md</c>, <c>report.html</c>, <c>sqnr.png</c> (per-layer SQNR bars) and per layer
    /// <c>&lt;layer&gt;.weights.png</c> / <c>&lt;layer&gt;.activations.png</c> (histograms with the clip range marked) into
    /// <paramref name="directory"/> (created if missing).
    /// </summary>
    /// <returns>The path of <c>report.html</c>.</returns>
    /// <exception cref="LingerException">The directory cannot be written.</exception>
    public string Write(string directory) => AnalysisReportWriter.Write(this, directory);
}
