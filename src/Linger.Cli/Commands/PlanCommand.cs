using System.Globalization;
using System.Text.Json;
using LingerNet.Cli.CommandLine;
using LingerNet.Cli.Planning;
using LingerNet.Runtime;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary>
/// <c>linger plan MODEL.onnx</c>: a chip-fit memory plan the way thinker's packer makes it (see <see cref="ChipPlanner"/>),
/// with the workspace the venus engine really writes, MACs per op, the venus op limits, and a verdict.
/// Exit 0 fits, 1 does not fit (or an op breaks a venus limit), 2 bad input.
/// </summary>
internal sealed class PlanCommand : ICliCommand
{
    public string Name => "plan";

    public string Summary => "Will it fit? Memory plan of a model on the chip (SRAM/PSRAM/flash), per-op workspace and MACs, a verdict.";

    public string Details =>
        "Places tensors as thinker's packer does (activations over 640 KB and parameters in PSRAM, the rest in the 640 KB SRAM),\n" +
        "reuses memory by liveness, reserves the scratch the venus engine really writes (GRU 24H, LSTM 40H, LayerNorm 8T, ...)\n" +
        "and the DMA prefetch buffers, and checks each op against the venus limits. Exit codes: 0 fits, 1 does not fit, 2 bad input.";

    public string? Positional => "MODEL.onnx";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("chip", "NAME", "target chip (default venus)"),
        new("sram", "BYTES", "shared SRAM to plan against (default: the chip's, 655360 on venus; tpacker --ramsize)"),
        new("psram", "BYTES", "PSRAM to plan against (default: the chip's, 8388608 on venus)"),
        new("params", "WHERE", "where parameters go: psram (default, as tpacker), flash or sram"),
        new("no-dma", null, "do not reserve the two DMA prefetch buffers in SRAM (tpacker --dma_prefetch False)"),
        new("png", "FILE", "write the SRAM timeline (buffers by offset over the steps, live bytes, capacity) as a PNG"),
        new("json", null, "print the plan as JSON (snake_case keys) instead of tables"),
    ];

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        var chip = ChipSpec.For(args.GetString("chip") ?? "venus");
        if (args.Has("sram")) chip = chip with { SramBytes = Bytes(args, "sram") };
        if (args.Has("psram")) chip = chip with { PsramBytes = Bytes(args, "psram") };
        var parameters = (args.GetString("params") ?? "psram").ToLowerInvariant() switch
        {
            "psram" => MemoryKind.Psram,
            "flash" => MemoryKind.Flash,
            "sram" or "share-mem" => MemoryKind.Sram,
            var other => throw new UsageException($"option '--params' of 'plan' must be psram, flash or sram, got '{other}'."),
        };
        ChipPlan plan;
        using (var rt = LingerRuntime.Load(args.Positional!))
            plan = ChipPlanner.Plan(PlanGraph.FromRuntime(rt), new PlanOptions { Chip = chip, Parameters = parameters, DmaPrefetch = !args.Has("no-dma") });
        string? png = args.GetString("png");
        if (png is not null) PlanChart.Write(plan, png);
        if (args.Has("json"))
        {
            var writer = console.Profile.Out.Writer;
            writer.WriteLine(JsonSerializer.Serialize(ToJson(plan, png), InspectCommand.Json));
            writer.Flush();
        }
        else
        {
            Render(console, plan);
            if (png is not null) console.MarkupLine($"timeline: [blue]{Markup.Escape(png)}[/]");
        }
        return plan.Fits ? CliApp.ExitOk : 1;
    }

    private static long Bytes(ParsedArgs args, string name)
    {
        string raw = args.GetString(name)!;
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out long v) || v <= 0)
            throw new UsageException($"option '--{name}' of 'plan' needs a positive number of bytes, got '{raw}'.");
        return v;
    }

    /// <summary>The one-line verdict.</summary>
    internal static string Verdict(ChipPlan p)
    {
        if (p.Fits)
        {
            var s = p.Usage(MemoryKind.Sram);
            return $"fits {p.Chip.Name}: SRAM {s.Total:N0} of {s.Capacity:N0} bytes, PSRAM {p.Usage(MemoryKind.Psram).Total:N0} of {p.Chip.PsramBytes:N0} bytes";
        }
        var parts = p.Failures.Select(f =>
            $"{Label(f.Memory)} does not fit by {f.OverBytes:N0} bytes at tensor '{f.Tensor}' (step {f.Step}, node '{f.Node}'; " +
            $"live there: {string.Join(", ", f.Live.Take(4).Select(t => $"{t.Name} {t.Bytes:N0}"))}{(f.Live.Count > 4 ? ", …" : "")})").ToList();
        if (p.Violations.Count > 0) parts.Add($"{p.Violations.Count} op(s) break a {p.Chip.Name} limit");
        return "does NOT fit " + p.Chip.Name + ": " + string.Join("; ", parts);
    }

    private static string Label(MemoryKind m) => m switch { MemoryKind.Sram => "SRAM", MemoryKind.Psram => "PSRAM", _ => "flash" };

    private static object ToJson(ChipPlan p, string? png) => new
    {
        model = p.Model,
        chip = new { name = p.Chip.Name, sram_bytes = p.Chip.SramBytes, psram_bytes = p.Chip.PsramBytes, share_threshold_bytes = p.Chip.ShareThresholdBytes },
        fits = p.Fits,
        verdict = Verdict(p),
        allocator = p.Allocator,
        total_macs = p.TotalMacs,
        memories = p.Memories.Select(m => new { memory = Label(m.Memory), capacity = m.Capacity, parameters = m.Parameters, pool = m.Pool, peak_live = m.PeakLive, total = m.Total, over = m.Over }),
        failures = p.Failures.Select(f => new
        {
            memory = Label(f.Memory), over_bytes = f.OverBytes, tensor = f.Tensor, step = f.Step, node = f.Node,
            live = f.Live.Select(t => new { name = t.Name, bytes = t.Bytes }),
        }),
        violations = p.Violations.Select(v => new { node = v.Node, op = v.Op, problem = v.Problem }),
        steps = p.Steps.Select(s => new
        {
            step = s.Index, node = s.Node, op = s.OpType, outputs = s.Outputs, macs = s.Macs,
            workspace_bytes = s.WorkspaceBytes, workspace_rule = s.WorkspaceWhy, live_sram = s.LiveSram, live_psram = s.LivePsram,
        }),
        tensors = p.Tensors.Select(t => new
        {
            name = t.Name, aliases = t.Aliases, kind = t.Kind, memory = Label(t.Memory), bytes = t.Bytes, offset = t.Offset, begin = t.Begin, end = t.End, producer = t.Producer,
        }),
        notes = p.Notes,
        png,
    };

    private static void Render(IAnsiConsole console, ChipPlan p)
    {
        var byName = p.Tensors.Where(t => t.Kind != "parameter").ToDictionary(t => t.Name, StringComparer.Ordinal);
        var steps = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(Path.GetFileName(p.Model))} on {p.Chip.Name}[/]");
        steps.AddColumn(new TableColumn("#").RightAligned());
        steps.AddColumn("node");
        steps.AddColumn("op");
        steps.AddColumn("output → memory, bytes");
        steps.AddColumn(new TableColumn("workspace").RightAligned());
        steps.AddColumn(new TableColumn("live SRAM").RightAligned());
        steps.AddColumn(new TableColumn("live PSRAM").RightAligned());
        steps.AddColumn(new TableColumn("MACs").RightAligned());
        foreach (var s in p.Steps)
        {
            string outs = string.Join(", ", s.Outputs.Select(o => byName.TryGetValue(o, out var t) ? $"{o} → {Label(t.Memory)} {t.Bytes:N0}" : o));
            bool over = s.LiveSram > p.Chip.SramBytes - p.Usage(MemoryKind.Sram).Parameters;
            steps.AddRow(s.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Node), Markup.Escape(s.OpType), Markup.Escape(outs),
                s.WorkspaceBytes == 0 ? "" : s.WorkspaceBytes.ToString("N0", CultureInfo.InvariantCulture),
                over ? $"[red]{s.LiveSram:N0}[/]" : s.LiveSram.ToString("N0", CultureInfo.InvariantCulture),
                s.LivePsram == 0 ? "" : s.LivePsram.ToString("N0", CultureInfo.InvariantCulture),
                s.Macs == 0 ? "" : s.Macs.ToString("N0", CultureInfo.InvariantCulture));
        }
        console.Write(steps);

        var mem = new Table().Border(TableBorder.Rounded).Title("[bold]memory[/]");
        mem.AddColumn("memory");
        foreach (var h in new[] { "capacity", "parameters", "pool (planned)", "peak live", "total", "free / over" })
            mem.AddColumn(new TableColumn(h).RightAligned());
        foreach (var m in p.Memories)
        {
            if (m.Memory == MemoryKind.Flash && m.Parameters == 0) continue;
            string room = m.Capacity == 0 ? "" : m.Over > 0 ? $"[red]over {m.Over:N0}[/]" : $"[green]{m.Capacity - m.Total:N0} free[/]";
            mem.AddRow(Label(m.Memory), m.Capacity == 0 ? "" : m.Capacity.ToString("N0", CultureInfo.InvariantCulture),
                m.Parameters.ToString("N0", CultureInfo.InvariantCulture), m.Pool.ToString("N0", CultureInfo.InvariantCulture),
                m.PeakLive.ToString("N0", CultureInfo.InvariantCulture), m.Total.ToString("N0", CultureInfo.InvariantCulture), room);
        }
        console.Write(mem);
        var extra = p.Tensors.Where(t => t.Kind is "workspace" or "dma").ToList();
        foreach (var t in extra)
            console.MarkupLine($"[grey]{Markup.Escape(t.Name)}: {t.Bytes:N0} bytes in {Label(t.Memory)}, steps {t.Begin}..{t.End}[/]");
        foreach (var s in p.Steps.Where(s => s.WorkspaceBytes > 0))
            console.MarkupLine($"[grey]  step {s.Index} {Markup.Escape(s.Node)}: {Markup.Escape(s.WorkspaceWhy)} = {s.WorkspaceBytes:N0} bytes[/]");
        console.MarkupLine($"[grey]allocator: {p.Allocator}; MACs total: {p.TotalMacs:N0}[/]");
        foreach (var n in p.Notes) console.MarkupLine($"[grey]{Markup.Escape(n)}[/]");
        foreach (var (node, op, problem) in p.Violations)
            console.MarkupLine($"[red]limit:[/] {Markup.Escape(node)} ({Markup.Escape(op)}): {Markup.Escape(problem)}");
        console.MarkupLine(p.Fits ? $"[green]{Markup.Escape(Verdict(p))}[/]" : $"[red]{Markup.Escape(Verdict(p))}[/]");
    }
}
