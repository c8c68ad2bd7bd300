using ScottPlot;

namespace LingerNet.Cli.Planning;

/// <summary>
/// The SRAM timeline of a plan as a PNG: every SRAM buffer as a rectangle (x: the steps it is live, y: its bytes at its
/// offset in the pool), the live bytes per step as a line, and the chip's SRAM capacity.
/// </summary>
internal static class PlanChart
{
    /// <summary>Writes the chart to <paramref name="path"/>.</summary>
    /// <exception cref="LingerException">The file cannot be written.</exception>
    public static void Write(ChipPlan plan, string path, int width = 1200, int height = 700)
    {
        var plt = new Plot();
        var colours = new Dictionary<string, Color>
        {
            ["activation"] = Colors.SteelBlue.WithAlpha(0.55),
            ["workspace"] = Colors.DarkOrange.WithAlpha(0.55),
            ["dma"] = Colors.SeaGreen.WithAlpha(0.55),
        };
        var sram = plan.Tensors.Where(t => t.Memory == MemoryKind.Sram && t.Kind != "parameter").ToList();
        foreach (var t in sram)
        {
            var r = plt.Add.Rectangle(t.Begin - 0.45, t.End + 0.45, t.Offset / 1024.0, (t.Offset + t.Bytes) / 1024.0);
            r.FillStyle.Color = colours.GetValueOrDefault(t.Kind, Colors.Gray.WithAlpha(0.5));
            r.LineStyle.Color = Colors.Black.WithAlpha(0.6);
            r.LineStyle.Width = 1;
        }
        // Name the largest buffers inside their rectangles.
        foreach (var t in sram.OrderByDescending(t => t.Bytes).Take(8))
        {
            var label = plt.Add.Text($"{t.Name} {t.Bytes / 1024.0:0.#} KB", (t.Begin + t.End) / 2.0, (t.Offset + t.Bytes / 2.0) / 1024.0);
            label.LabelFontSize = 11;
            label.LabelAlignment = Alignment.MiddleCenter;
        }
        var xs = plan.Steps.Select(s => (double)s.Index).ToArray();
        var live = plt.Add.Scatter(xs, plan.Steps.Select(s => s.LiveSram / 1024.0).ToArray());
        live.ConnectStyle = ConnectStyle.StepHorizontal;
        live.LineWidth = 2;
        live.Color = Colors.Black;
        live.MarkerSize = 4;
        live.LegendText = "live SRAM bytes per step (KB)";
        var capacity = plt.Add.HorizontalLine(plan.Chip.SramBytes / 1024.0);
        capacity.Color = Colors.Red;
        capacity.LinePattern = LinePattern.Dashed;
        capacity.LineWidth = 2;
        capacity.LegendText = $"{plan.Chip.Name} SRAM {plan.Chip.SramBytes / 1024} KB";
        foreach (var (kind, colour) in colours)
            plt.Legend.ManualItems.Add(new LegendItem { LabelText = kind + " buffer (offset, size)", FillColor = colour });
        var psram = plan.Usage(MemoryKind.Psram);
        var sramUsage = plan.Usage(MemoryKind.Sram);
        plt.Title($"{Path.GetFileName(plan.Model)} on {plan.Chip.Name}: SRAM pool {sramUsage.Total / 1024.0:0.#} KB, " +
            $"PSRAM {psram.Total / 1024.0:0.#} KB — " + (plan.Fits ? "fits" : "does NOT fit"));
        // One tick per step, named after its node.
        plt.Axes.Bottom.SetTicks(xs, plan.Steps.Select(s => $"{s.Index} {s.Node}").ToArray());
        plt.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plt.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plt.Axes.Bottom.MinimumSize = 20 + 6 * plan.Steps.Select(s => s.Node.Length + 3).DefaultIfEmpty(4).Max();
        plt.XLabel("execution step");
        plt.YLabel("SRAM (KB)");
        plt.ShowLegend(Alignment.UpperRight);
        plt.Axes.SetLimitsY(0, Math.Max(plan.Chip.SramBytes, sramUsage.Pool) / 1024.0 * 1.1);
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            plt.SavePng(path, width, height);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new LingerException($"cannot write the chart '{path}': {e.Message}", e);
        }
    }
}
