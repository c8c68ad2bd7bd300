using ScottPlot;

namespace LingerNet.Cli.Plots;

/// <summary>Draws a confusion matrix as a PNG with ScottPlot: one cell per (true, predicted) pair, shaded by the
/// fraction of the true class, with the count written in it; true classes top to bottom, predictions left to right.</summary>
internal static class ConfusionMatrixPlot
{
    public static void Save(int[,] counts, IReadOnlyList<string> classes, string path, string title)
    {
        int k = classes.Count;
        var plot = new Plot();
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int t = 0; t < k; t++)
        {
            int rowTotal = 0;
            for (int p = 0; p < k; p++) rowTotal += counts[t, p];
            for (int p = 0; p < k; p++)
            {
                double fraction = rowTotal == 0 ? 0 : (double)counts[t, p] / rowTotal;
                double top = k - t, bottom = k - t - 1; // row 0 (first class) at the top
                var rect = plot.Add.Rectangle(p, p + 1, bottom, top);
                rect.FillColor = colormap.GetColor(fraction);
                rect.LineColor = Colors.White;
                if (counts[t, p] == 0) continue;
                var text = plot.Add.Text(counts[t, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p + 0.5, bottom + 0.5);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = fraction > 0.5 ? Colors.Black : Colors.White;
                text.LabelFontSize = 12;
            }
        }
        var centres = Enumerable.Range(0, k).Select(i => i + 0.5).ToArray();
        plot.Axes.Bottom.SetTicks(centres, [.. classes]);
        plot.Axes.Left.SetTicks(centres, [.. classes.Reverse()]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.SetLimits(0, k, 0, k);
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.Title(title);
        plot.SavePng(path, 760, 720);
    }
}
