using System.Globalization;
using System.Text.Json;
using LingerNet.Cli.CommandLine;
using LingerNet.Cli.Inspection;
using LingerNet.Runtime;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary><c>linger inspect MODEL.onnx</c>: the nodes of a thinker-dialect model, their shapes, scales, bits and parameter sizes.</summary>
internal sealed class InspectCommand : ICliCommand
{
    public string Name => "inspect";

    public string Summary => "Show the nodes of an exported model: shapes, Q exponents, bits, parameter bytes, totals.";

    public string Details =>
        "The model is loaded and validated by the integer runtime first, so a bad file gets the runtime's error.\n" +
        "Scales are shown as Q exponents (real = q / 2^n): 'x Q5 w Q7 → o Q4'; bits as data/parameter/o.";

    public string? Positional => "MODEL.onnx";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("json", null, "print the same information as JSON (snake_case keys) instead of tables"),
    ];

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        using var rt = LingerRuntime.Load(args.Positional!);
        var summary = ModelInspector.Inspect(rt);
        if (args.Has("json"))
        {
            // Written raw: Spectre would wrap long lines at the console width.
            var writer = console.Profile.Out.Writer;
            writer.WriteLine(JsonSerializer.Serialize(summary, Json));
            writer.Flush();
            return CliApp.ExitOk;
        }
        Render(console, summary);
        return CliApp.ExitOk;
    }

    private static void Render(IAnsiConsole console, ModelSummary s)
    {
        var nodes = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(s.Model)}[/]");
        nodes.AddColumn(new TableColumn("#").RightAligned());
        nodes.AddColumn("node");
        nodes.AddColumn("op");
        nodes.AddColumn("shapes");
        nodes.AddColumn("scales");
        nodes.AddColumn("bits d/p/o");
        nodes.AddColumn(new TableColumn("param bytes").RightAligned());
        int i = 0;
        foreach (var n in s.Nodes)
        {
            string ins = string.Join(", ", n.Inputs.Select(v => ModelInspector.FormatShape(v.Shape)));
            string outs = string.Join(", ", n.Outputs.Select(v => ModelInspector.FormatShape(v.Shape)));
            nodes.AddRow(
                (i++).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(n.Name),
                Markup.Escape(n.OpType),
                Markup.Escape($"{ins} → {outs}"),
                Markup.Escape(ModelInspector.FormatScales(n.Scales)),
                ModelInspector.FormatBits(n.Bits),
                n.ParameterBytes == 0 ? "" : n.ParameterBytes.ToString("N0", CultureInfo.InvariantCulture));
        }
        console.Write(nodes);

        var totals = new Table().Border(TableBorder.Rounded).Title("[bold]totals[/]");
        totals.AddColumn("");
        totals.AddColumn(new TableColumn("").RightAligned());
        totals.AddRow("nodes", s.Totals.Nodes.ToString(CultureInfo.InvariantCulture));
        totals.AddRow("parameter bytes", s.Totals.ParameterBytes.ToString("N0", CultureInfo.InvariantCulture));
        if (s.MemoryPlan is { } mp)
        {
            totals.AddRow("peak activation bytes", mp.PeakActivationBytes.ToString("N0", CultureInfo.InvariantCulture) + $" ({mp.Buffers} buffers)");
            totals.AddRow("naive activation bytes", mp.NaiveActivationBytes.ToString("N0", CultureInfo.InvariantCulture) + $" ({mp.Intermediates} intermediates)");
        }
        foreach (var (op, count) in s.Totals.Ops) totals.AddRow($"  {Markup.Escape(op)}", count.ToString(CultureInfo.InvariantCulture));
        console.Write(totals);

        var io = new Table().Border(TableBorder.Rounded).Title("[bold]graph inputs / outputs[/]");
        io.AddColumn("");
        io.AddColumn("name");
        io.AddColumn("dtype");
        io.AddColumn("shape");
        io.AddColumn("int8 scale");
        foreach (var v in s.Inputs) io.AddRow("input", Markup.Escape(v.Name), v.Dtype, ModelInspector.FormatShape(v.Shape), v.Q is { } q ? $"Q{q}" : "");
        foreach (var v in s.Outputs) io.AddRow("output", Markup.Escape(v.Name), v.Dtype, ModelInspector.FormatShape(v.Shape), v.Q is { } q ? $"Q{q}" : "");
        console.Write(io);
    }
}
