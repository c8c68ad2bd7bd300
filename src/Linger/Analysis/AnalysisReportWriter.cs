using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;

namespace LingerNet.Analysis;

/// <summary>Markdown, HTML and ScottPlot PNG charts of an <see cref="AnalysisReport"/>.</summary>
internal static class AnalysisReportWriter
{
    public static string Write(AnalysisReport report, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            SqnrChart(report, Path.Combine(directory, "sqnr.png"));
            foreach (var l in report.Layers)
            {
                if (l.Weights is not null) HistogramChart($"{l.Name} weights", l.Weights, Path.Combine(directory, FileStem(l.Name) + ".weights.png"));
                HistogramChart($"{l.Name} output", l.Activations, Path.Combine(directory, FileStem(l.Name) + ".activations.png"));
            }
            File.WriteAllText(Path.Combine(directory, "report.md"), Markdown(report, ""));
            string html = Path.Combine(directory, "report.html");
            File.WriteAllText(html, Html(report));
            return html;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new LingerException($"cannot write the analysis report to '{directory}': {e.Message}", e);
        }
    }

    /// <summary>A file-name-safe form of a module path.</summary>
    public static string FileStem(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_'));

    public static string Markdown(AnalysisReport r, string? images)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Quantization analysis").AppendLine();
        sb.AppendLine($"{r.Samples} samples; SQNR against {r.FloatReference}. Local SQNR: the layer's output against its own float function " +
                      "on the same quantized input (the error the layer adds by itself). Q n means real = q / 2^n.").AppendLine();
        sb.AppendLine("## Worst layers first").AppendLine();
        int rank = 1;
        foreach (var l in r.WorstFirst.Where(l => l.Advice != "fine").DefaultIfEmpty())
        {
            if (l is null) { sb.AppendLine("Every layer looks fine.").AppendLine(); break; }
            sb.AppendLine($"{rank++}. **{l.Name}** ({l.Kind}, local SQNR {Db(l.LocalSqnr)} dB, SQNR {Db(l.Sqnr)} dB): {l.Advice}");
        }
        sb.AppendLine();
        if (images is not null) sb.AppendLine($"![SQNR per layer]({images}sqnr.png)").AppendLine();
        sb.AppendLine("## Layers in execution order").AppendLine();
        sb.AppendLine("| # | layer | kind | SQNR dB | local SQNR dB | out Q | out min..max | out std | clipped | unused bits | w Q | w min..max | w std | w unused bits |");
        sb.AppendLine("|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|");
        foreach (var l in r.Layers)
        {
            var a = l.Activations;
            var w = l.Weights;
            sb.AppendLine($"| {l.Order} | {l.Name} | {l.Kind} | {Db(l.Sqnr)} | {Db(l.LocalSqnr)} | {Q(a.ScaleExponent)} | {N(a.Min)}..{N(a.Max)} | {N(a.Std)} | " +
                          $"{Pct(a.ClippedShare)} | {a.UnusedBits} | {(w is null ? "" : Q(w.ScaleExponent))} | {(w is null ? "" : $"{N(w.Min)}..{N(w.Max)}")} | " +
                          $"{(w is null ? "" : N(w.Std))} | {(w is null ? "" : w.UnusedBits.ToString(CultureInfo.InvariantCulture))} |");
        }
        sb.AppendLine();
        if (r.NotReached.Count > 0)
            sb.AppendLine($"Not reached through call() (no hooks fire through forward()): {string.Join(", ", r.NotReached)}.").AppendLine();
        if (images is not null)
        {
            sb.AppendLine("## Histograms (red: the range the int grid covers)").AppendLine();
            foreach (var l in r.Layers)
            {
                sb.AppendLine($"### {l.Name}").AppendLine();
                if (l.Weights is not null) sb.AppendLine($"![{l.Name} weights]({images}{FileStem(l.Name)}.weights.png)");
                sb.AppendLine($"![{l.Name} output]({images}{FileStem(l.Name)}.activations.png)").AppendLine();
            }
        }
        return sb.ToString();
    }

    private static string Html(AnalysisReport r)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Quantization analysis</title><style>")
          .AppendLine("body{font-family:sans-serif;margin:2em;max-width:1400px} table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}")
          .AppendLine("td.l,th.l{text-align:left} tr.bad td{background:#fde2e2} img{max-width:620px;margin:4px}</style></head><body>");
        sb.AppendLine("<h1>Quantization analysis</h1>");
        sb.AppendLine($"<p>{r.Samples} samples; SQNR against {E(r.FloatReference)}. Local SQNR: the layer's output against its own float function on the same " +
                      "quantized input (the error the layer adds by itself). Q n means real = q / 2<sup>n</sup>.</p>");
        sb.AppendLine("<h2>Worst layers first</h2><ol>");
        var bad = r.WorstFirst.Where(l => l.Advice != "fine").ToList();
        foreach (var l in bad)
            sb.AppendLine($"<li><b>{E(l.Name)}</b> ({E(l.Kind)}, local SQNR {Db(l.LocalSqnr)} dB, SQNR {Db(l.Sqnr)} dB): {E(l.Advice)}</li>");
        if (bad.Count == 0) sb.AppendLine("<li>Every layer looks fine.</li>");
        sb.AppendLine("</ol><img src=\"sqnr.png\" alt=\"SQNR per layer\">");
        sb.AppendLine("<h2>Layers in execution order</h2><table><tr><th>#</th><th class=l>layer</th><th class=l>kind</th><th>SQNR dB</th><th>local SQNR dB</th>" +
                      "<th>out Q</th><th>out min..max</th><th>out std</th><th>clipped</th><th>unused bits</th><th>w Q</th><th>w min..max</th><th>w std</th><th>w unused bits</th></tr>");
        foreach (var l in r.Layers)
        {
            var a = l.Activations;
            var w = l.Weights;
            sb.AppendLine($"<tr{(l.Advice != "fine" ? " class=bad" : "")}><td>{l.Order}</td><td class=l>{E(l.Name)}</td><td class=l>{E(l.Kind)}</td><td>{Db(l.Sqnr)}</td><td>{Db(l.LocalSqnr)}</td>" +
                          $"<td>{Q(a.ScaleExponent)}</td><td>{N(a.Min)}..{N(a.Max)}</td><td>{N(a.Std)}</td><td>{Pct(a.ClippedShare)}</td><td>{a.UnusedBits}</td>" +
                          $"<td>{(w is null ? "" : Q(w.ScaleExponent))}</td><td>{(w is null ? "" : $"{N(w.Min)}..{N(w.Max)}")}</td><td>{(w is null ? "" : N(w.Std))}</td>" +
                          $"<td>{(w is null ? "" : w.UnusedBits.ToString(CultureInfo.InvariantCulture))}</td></tr>");
        }
        sb.AppendLine("</table>");
        if (r.NotReached.Count > 0) sb.AppendLine($"<p>Not reached through call(): {E(string.Join(", ", r.NotReached))}.</p>");
        sb.AppendLine("<h2>Histograms</h2><p>Red lines: the range the int grid covers; values beyond saturate.</p>");
        foreach (var l in r.Layers)
        {
            sb.AppendLine($"<h3>{E(l.Name)}</h3><p>{E(l.Advice)}</p>");
            if (l.Weights is not null) sb.AppendLine($"<img src=\"{E(FileStem(l.Name))}.weights.png\" alt=\"{E(l.Name)} weights\">");
            sb.AppendLine($"<img src=\"{E(FileStem(l.Name))}.activations.png\" alt=\"{E(l.Name)} output\">");
        }
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    private static void SqnrChart(AnalysisReport r, string path)
    {
        var plt = new Plot();
        var bars = new List<Bar>();
        for (int i = 0; i < r.Layers.Count; i++)
        {
            var l = r.Layers[i];
            double sqnr = Finite(l.Sqnr), local = Finite(l.LocalSqnr);
            bars.Add(new Bar { Position = i * 3, Value = sqnr, FillColor = Colors.SteelBlue });
            bars.Add(new Bar { Position = i * 3 + 1, Value = local, FillColor = l.Advice == "fine" ? Colors.SeaGreen : Colors.Crimson });
        }
        plt.Add.Bars(bars);
        plt.Axes.Bottom.SetTicks(r.Layers.Select((_, i) => i * 3 + 0.5).ToArray(), r.Layers.Select(l => l.Name).ToArray());
        plt.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plt.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plt.Axes.Bottom.MinimumSize = 20 + 7 * r.Layers.Select(l => l.Name.Length).DefaultIfEmpty(4).Max();
        // Room above the bars for the legend.
        double top = bars.Select(b => b.Value).DefaultIfEmpty(1).Max();
        double bottom = Math.Min(0, bars.Select(b => b.Value).DefaultIfEmpty(0).Min());
        plt.Axes.SetLimitsY(bottom, Math.Max(1, top) * 1.35);
        plt.Legend.ManualItems.Add(new LegendItem { LabelText = "SQNR vs float model", FillColor = Colors.SteelBlue });
        plt.Legend.ManualItems.Add(new LegendItem { LabelText = "local SQNR (layer's own error)", FillColor = Colors.SeaGreen });
        plt.Legend.ManualItems.Add(new LegendItem { LabelText = "local SQNR, layer flagged", FillColor = Colors.Crimson });
        plt.ShowLegend(Alignment.UpperRight);
        plt.Title("SQNR per layer (dB, higher is better)");
        plt.YLabel("dB");
        plt.SavePng(path, Math.Max(700, 90 * r.Layers.Count), 520);
    }

    private static void HistogramChart(string title, TensorStatistics s, string path)
    {
        var plt = new Plot();
        var h = s.Histogram;
        var bars = h.Counts.Select((c, i) => new Bar
        {
            Position = h.Low + (i + 0.5) * h.BinWidth,
            Value = c,
            Size = h.BinWidth * 0.95,
            FillColor = Colors.SteelBlue,
            LineWidth = 0,
        }).ToList();
        plt.Add.Bars(bars);
        if (s.ClipRange is var (lo, hi))
        {
            foreach (double x in new[] { lo, hi })
            {
                var line = plt.Add.VerticalLine(x);
                line.Color = Colors.Red;
                line.LineWidth = 2;
                line.LinePattern = LinePattern.Dashed;
            }
        }
        plt.Axes.Margins(bottom: 0);
        string q = s.ScaleExponent is int n ? $"Q{n}, {s.Bits} bits" : "float";
        plt.Title($"{title}: {q}, clipped {Pct(s.ClippedShare)}, unused bits {s.UnusedBits}");
        plt.XLabel("value (red: the range of the int grid)");
        plt.YLabel("count");
        plt.SavePng(path, 600, 360);
    }

    private static double Finite(double v) => double.IsNaN(v) ? 0 : double.IsPositiveInfinity(v) ? 100 : double.IsNegativeInfinity(v) ? -20 : Math.Clamp(v, -20, 100);

    private static string Db(double v) => double.IsNaN(v) ? "n/a" : double.IsPositiveInfinity(v) ? "∞" : v.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Q(int? n) => n is int e ? $"Q{e}" : "float";

    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Pct(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
