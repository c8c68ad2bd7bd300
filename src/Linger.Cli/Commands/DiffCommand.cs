using System.Globalization;
using System.Text.Json;
using LingerNet.Cli.CommandLine;
using LingerNet.Cli.Diagnostics;
using LingerNet.Runtime;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary>
/// <c>linger diff A B</c>: compares two dump folders in thinker's text format (the runtime's <c>verify --dump</c>,
/// thinker's <c>THINKER_DUMP</c>, linger's OnnxRunner int dumps) tensor by tensor in A's execution order and names the
/// first tensor that differs. Exit 0 all equal, 1 some tensor differs, 2 bad input.
/// </summary>
internal sealed class DiffCommand : ICliCommand
{
    public string Name => "diff";

    public string Summary => "Compare two tensor dumps (runtime, thinker, linger) in execution order and name the first tensor that differs.";

    public string Details =>
        "A and B are folders of <name>##_<d0>_<d1>….txt files, one value per line (linger verify --dump writes them).\n" +
        "Tensors are matched by the name before '##' and walked in A's order: its order.txt, else --model's execution order,\n" +
        "else file write times. Exit codes: 0 every common tensor equal, 1 some tensor differs, 2 bad arguments or files.";

    public string? Positional => "A B";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("model", "MODEL.onnx", "take the tensor order from this model when A has no order.txt (e.g. a thinker dump)"),
        new("tolerance", "X", "largest |a - b| counted as equal for float tensors (default 0; integers always compare exactly)"),
        new("positions", "N", $"differing positions listed per tensor (default {DumpComparer.DefaultPositions})"),
        new("json", null, "print the comparison as JSON (snake_case keys) instead of tables"),
    ];

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        string a = args.Positionals[0], b = args.Positionals[1];
        double tolerance = args.GetDouble("tolerance", 0);
        if (tolerance < 0) throw new UsageException($"option '--tolerance' of 'diff' must be at least 0, got {tolerance}.");
        int positions = args.GetInt("positions", DumpComparer.DefaultPositions, min: 1);
        IReadOnlyList<string>? order = null;
        string? model = args.GetString("model");
        if (model is not null)
        {
            using var rt = LingerRuntime.Load(model);
            order = rt.Inputs.Select(i => i.Name).Concat(rt.Nodes.SelectMany(n => n.Outputs)).ToList();
        }
        var diff = DumpComparer.Compare(
            DumpFolder.Read(a, order, model is null ? null : $"model {model}"), DumpFolder.Read(b), tolerance, positions);
        if (args.Has("json"))
        {
            var writer = console.Profile.Out.Writer;
            writer.WriteLine(JsonSerializer.Serialize(ToJson(diff), InspectCommand.Json));
            writer.Flush();
        }
        else
        {
            Render(console, diff);
        }
        return diff.Different == 0 ? CliApp.ExitOk : 1;
    }

    private static object ToJson(DumpDiff d) => new
    {
        a = d.A,
        b = d.B,
        order = d.Order,
        compared = d.Compared,
        equal = d.Equal,
        different = d.Different,
        first_difference = d.FirstDifference?.Name,
        only_in_b = d.OnlyInB,
        tensors = d.Tensors.Select(t => new
        {
            name = t.Name,
            shape = t.Shape,
            status = t.Status,
            elements = t.Elements,
            elements_b = t.ElementsB,
            mismatches = t.Mismatches,
            max_abs_diff = t.MaxAbsDiff,
            positions = t.Positions.Select(p => new { index = p.Index, nd_index = p.NdIndex, a = p.A, b = p.B }),
        }),
    };

    private static void Render(IAnsiConsole console, DumpDiff d)
    {
        var summary = new Table().Border(TableBorder.Rounded).Title("[bold]linger diff[/]");
        summary.AddColumn("");
        summary.AddColumn("");
        summary.AddRow("A", Markup.Escape(d.A));
        summary.AddRow("B", Markup.Escape(d.B));
        summary.AddRow("order", Markup.Escape(d.Order));
        summary.AddRow("tensors compared", Count(d.Compared));
        string colour = d.Different == 0 ? "green" : "red";
        summary.AddRow("equal", $"[{colour}]{Count(d.Equal)}[/]");
        summary.AddRow("different", $"[{colour}]{Count(d.Different)}[/]");
        int missing = d.Tensors.Count - d.Compared;
        if (missing > 0) summary.AddRow("only in A", Count(missing));
        if (d.OnlyInB.Count > 0) summary.AddRow("only in B", Count(d.OnlyInB.Count));
        var first = d.FirstDifference;
        summary.AddRow("result", first is null ? "[green]equal[/]" : $"[red]first difference: {Markup.Escape(first.Name)}[/]");
        console.Write(summary);

        if (first is not null)
        {
            console.MarkupLine(
                $"[red]first differing tensor[/] [bold]{Markup.Escape(first.Name)}[/] [[{Markup.Escape(FormatShape(first.Shape))}]]: " +
                $"{Count(first.Mismatches)} of {Count(Math.Min(first.Elements, first.ElementsB))} elements differ, max |a - b| = {Number(first.MaxAbsDiff)}" +
                (first.Status == TensorComparison.LengthDiffers ? $"; A has {Count(first.Elements)} values, B {Count(first.ElementsB)}" : ""));
            var p = new Table().Border(TableBorder.Rounded).Title($"[bold red]first {first.Positions.Count} differing positions of {Markup.Escape(first.Name)}[/]");
            p.AddColumn(new TableColumn("flat index").RightAligned());
            p.AddColumn("index");
            p.AddColumn(new TableColumn("A").RightAligned());
            p.AddColumn(new TableColumn("B").RightAligned());
            p.AddColumn(new TableColumn("B - A").RightAligned());
            foreach (var x in first.Positions)
                p.AddRow(Count(x.Index), x.NdIndex is null ? "" : Markup.Escape("[" + string.Join(", ", x.NdIndex) + "]"), Number(x.A), Number(x.B), Number(x.B - x.A));
            console.Write(p);
        }

        var t = new Table().Border(TableBorder.Rounded).Title("[bold]tensors in A's order[/]");
        t.AddColumn(new TableColumn("#").RightAligned());
        t.AddColumn("tensor");
        t.AddColumn("shape");
        t.AddColumn(new TableColumn("elements").RightAligned());
        t.AddColumn(new TableColumn("mismatches").RightAligned());
        t.AddColumn(new TableColumn("max |a - b|").RightAligned());
        t.AddColumn("status");
        int i = 0;
        foreach (var x in d.Tensors)
        {
            string status = x.Status switch
            {
                TensorComparison.Equal => "[green]equal[/]",
                TensorComparison.Missing => "[grey]missing in B[/]",
                _ => $"[red]{Markup.Escape(x.Status)}[/]" + (ReferenceEquals(x, first) ? " [red bold]← first[/]" : ""),
            };
            t.AddRow(Count(i++), Markup.Escape(x.Name), Markup.Escape(FormatShape(x.Shape)), Count(x.Elements),
                x.Status == TensorComparison.Missing ? "" : Count(x.Mismatches),
                x.Status == TensorComparison.Missing ? "" : Number(x.MaxAbsDiff), status);
        }
        console.Write(t);
        if (d.OnlyInB.Count > 0)
            console.MarkupLine($"[grey]only in B:[/] {Markup.Escape(string.Join(", ", d.OnlyInB.Take(20)))}{(d.OnlyInB.Count > 20 ? ", …" : "")}");
    }

    private static string Count(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Number(double v) => v.ToString("G9", CultureInfo.InvariantCulture);

    private static string FormatShape(int[]? shape) => shape is null ? "?" : RuntimeTensor.FormatShape(shape);
}
