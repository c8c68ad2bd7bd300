using LingerNet.Numerics.Dialect;

namespace LingerNet.Cli.Planning;

/// <summary>
/// Plans a model's memory on a chip the way thinker's packer does (thinker-spec §3.6, §3.9) and checks it fits:
/// <list type="number">
/// <item>the packer's fusions: a graph-input Quant and a graph-output Dequant are removed (the input and output become
/// int8), a Relu after a conv is fused into it, Constant nodes are folded, Reshape/Flatten/Squeeze/Unsqueeze work in place;</item>
/// <item>sizes are ALIGN16(numel·itemsize) (parameters after packing); an activation larger than the chip's threshold goes
/// to PSRAM, the rest to shared SRAM; parameters go to PSRAM (or flash/SRAM on request);</item>
/// <item>lifetimes in execution steps: inputs from step 0, outputs to the last step, others from producer to last consumer;</item>
/// <item>one global workspace per memory, sized to the largest per-op request, with the sizes the venus engine really
/// writes (chip-facts), live from the first to the last requesting op; two DMA prefetch buffers live throughout;</item>
/// <item>blocks assigned by tpacker's GreedyBySize and GreedyByOrder, keeping the smaller SRAM pool.</item>
/// </list>
/// </summary>
internal static class ChipPlanner
{
    private static readonly HashSet<string> s_inPlace = new(StringComparer.Ordinal) { OpTypes.Reshape, OpTypes.Flatten, OpTypes.Squeeze, OpTypes.Unsqueeze };
    private static readonly HashSet<string> s_convs = new(StringComparer.Ordinal) { OpTypes.Conv2dInt, OpTypes.ConvTranspose2dInt };
    private static readonly HashSet<string> s_fusedActivations = new(StringComparer.Ordinal) { OpTypes.Relu, "Prelu", OpTypes.Clip };
    private static readonly HashSet<string> s_dmaOps = new(StringComparer.Ordinal)
    {
        OpTypes.Conv1dInt, OpTypes.Conv2dInt, OpTypes.ConvTranspose2dInt, OpTypes.LinearInt, OpTypes.LayerNormInt,
    };

    /// <summary>Plans <paramref name="g"/>.</summary>
    public static ChipPlan Plan(PlanGraph g, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(options);
        var chip = options.Chip;
        var notes = new List<string>();
        var consumers = new Dictionary<string, List<PlanNode>>(StringComparer.Ordinal);
        foreach (var n in g.Nodes)
            foreach (var i in n.Inputs.Where(i => i.Length > 0))
                (consumers.TryGetValue(i, out var l) ? l : consumers[i] = []).Add(n);
        var producer = new Dictionary<string, PlanNode>(StringComparer.Ordinal);
        foreach (var n in g.Nodes) foreach (var o in n.Outputs) producer[o] = n;
        bool IsConstant(string v) => g.Values.TryGetValue(v, out var pv) && pv.IsConstant;
        var graphOutputs = g.Outputs.ToHashSet(StringComparer.Ordinal);

        // 1. Fusions: value → the value whose buffer holds it; nodes that do not run.
        var alias = new Dictionary<string, string>(StringComparer.Ordinal);
        string Root(string v) { while (alias.TryGetValue(v, out var r)) v = r; return v; }
        var removed = new HashSet<PlanNode>();
        foreach (var n in g.Nodes)
        {
            if (n.OpType == OpTypes.Constant) { removed.Add(n); continue; }
            if (n.OpType == OpTypes.Quant && g.Inputs.Contains(n.Inputs[0]) && consumers[n.Inputs[0]].Count == 1)
            {
                alias[n.Inputs[0]] = n.Outputs[0]; // the graph input becomes the int8 tensor
                removed.Add(n);
                notes.Add($"graph-input Quant '{n.Name}' removed: input '{n.Inputs[0]}' is fed as int8 (tpacker Remove_QuantDequant)");
                continue;
            }
            if (n.OpType == OpTypes.Dequant && graphOutputs.Contains(n.Outputs[0]))
            {
                alias[n.Outputs[0]] = Root(n.Inputs[0]);
                removed.Add(n);
                notes.Add($"graph-output Dequant '{n.Name}' removed: output '{n.Outputs[0]}' is int8 (tpacker Remove_QuantDequant)");
                continue;
            }
            if (s_fusedActivations.Contains(n.OpType) && producer.TryGetValue(n.Inputs[0], out var p) && s_convs.Contains(p.OpType)
                && consumers[n.Inputs[0]].Count == 1 && !graphOutputs.Contains(n.Inputs[0]))
            {
                alias[n.Outputs[0]] = Root(n.Inputs[0]);
                removed.Add(n);
                notes.Add($"'{n.Name}' ({n.OpType}) fused into '{p.Name}' (tpacker CR_fusion)");
                continue;
            }
            if (s_inPlace.Contains(n.OpType) && !IsConstant(n.Inputs[0])
                && g.Values.TryGetValue(n.Inputs[0], out var src) && g.Values.TryGetValue(n.Outputs[0], out var dst)
                && Placement(src, chip) == Placement(dst, chip))
                alias[n.Outputs[0]] = Root(n.Inputs[0]);
        }
        var steps = g.Nodes.Where(n => !removed.Contains(n)).ToList();
        int last = Math.Max(0, steps.Count - 1);

        // 2. Activation buffers with lifetimes.
        var members = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var v in g.Values.Values.Where(v => !v.IsConstant))
            (members.TryGetValue(Root(v.Name), out var l) ? l : members[Root(v.Name)] = []).Add(v.Name);
        var begin = new Dictionary<string, int>(StringComparer.Ordinal);
        var end = new Dictionary<string, int>(StringComparer.Ordinal);
        var writer = new Dictionary<string, string>(StringComparer.Ordinal);
        void Touch(string v, int s, bool produce)
        {
            string r = Root(v);
            if (!members.ContainsKey(r)) return;
            if (produce && !begin.ContainsKey(r)) { begin[r] = s; writer[r] = steps[s].Name; }
            end[r] = Math.Max(end.GetValueOrDefault(r, s), s);
        }
        foreach (var i in g.Inputs) { begin[Root(i)] = 0; end[Root(i)] = 0; writer[Root(i)] = ""; }
        for (int s = 0; s < steps.Count; s++)
        {
            foreach (var i in steps[s].Inputs.Where(i => i.Length > 0)) Touch(i, s, produce: false);
            foreach (var o in steps[s].Outputs) Touch(o, s, produce: true);
        }
        foreach (var o in g.Outputs) if (members.ContainsKey(Root(o))) end[Root(o)] = last;
        var tensors = new List<PlannedTensor>();
        foreach (var (root, names) in members)
        {
            if (!begin.TryGetValue(root, out int b)) continue; // never produced by a running step (dead value)
            var v = g.Values[root];
            tensors.Add(new PlannedTensor(root, names.Where(n => n != root).ToList(), "activation", Placement(v, chip),
                OpCosts.Align(v.RawBytes, 16), b, Math.Max(b, end[root]), writer[root]));
        }
        bool InPsram(string v) => tensors.FirstOrDefault(t => t.Name == Root(v))?.Memory == MemoryKind.Psram;

        // 3. Per-op engine workspace → one global SRAM workspace sized to the largest request.
        var work = steps.Select(n => OpCosts.EngineWorkspace(n, g, InPsram)).ToList();
        var requesting = Enumerable.Range(0, steps.Count).Where(s => work[s].Bytes > 0).ToList();
        if (requesting.Count > 0)
            tensors.Add(new PlannedTensor("workspace", [], "workspace", MemoryKind.Sram,
                OpCosts.Align(requesting.Max(s => work[s].Bytes), 16), requesting[0], requesting[^1], ""));

        // 4. Parameters (packed sizes) and the DMA buffers that stream them into SRAM.
        var parameters = new List<PlannedTensor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dmaSizes = new List<long>();
        foreach (var n in steps)
        {
            long dma = 0;
            for (int k = 0; k < n.Inputs.Count; k++)
            {
                string name = n.Inputs[k];
                if (!IsConstant(name)) continue;
                long bytes = OpCosts.ParameterBytes(g.Values[name], n, k);
                dma += bytes;
                if (seen.Add(name)) parameters.Add(new PlannedTensor(name, [], "parameter", options.Parameters, bytes, 0, last, ""));
            }
            if (s_dmaOps.Contains(n.OpType) || OpCosts.IsGru(n.OpType) || OpCosts.IsLstm(n.OpType)) dmaSizes.Add(dma);
        }
        long paramOffset = 0;
        foreach (var p in parameters) { p.Offset = paramOffset; paramOffset += p.Bytes; }
        if (options.DmaPrefetch && options.Parameters != MemoryKind.Sram && dmaSizes.Count > 0)
        {
            // DMA-using ops alternate between buffer 1 and 2 by their ordinal; each buffer fits its largest transfer.
            long b1 = dmaSizes.Where((_, i) => i % 2 == 0).DefaultIfEmpty().Max();
            long b2 = dmaSizes.Where((_, i) => i % 2 == 1).DefaultIfEmpty().Max();
            if (b1 > 0) tensors.Add(new PlannedTensor("dma_buffer1", [], "dma", MemoryKind.Sram, OpCosts.Align(b1, 16), 0, last, ""));
            if (b2 > 0) tensors.Add(new PlannedTensor("dma_buffer2", [], "dma", MemoryKind.Sram, OpCosts.Align(b2, 16), 0, last, ""));
        }

        // 5. Allocation per memory, the strategy with the smaller SRAM pool.
        var sram = tensors.Where(t => t.Memory == MemoryKind.Sram).ToList();
        var psram = tensors.Where(t => t.Memory == MemoryKind.Psram).ToList();
        var bySize = LivenessAllocator.BySize(sram);
        var byOrder = LivenessAllocator.ByOrder(sram);
        bool useSize = bySize.Blocks.Sum() <= byOrder.Blocks.Sum();
        var chosen = useSize ? bySize : byOrder;
        LivenessAllocator.AssignOffsets(sram, chosen.Blocks, chosen.BlockOf);
        var psramAlloc = useSize ? LivenessAllocator.BySize(psram) : LivenessAllocator.ByOrder(psram);
        LivenessAllocator.AssignOffsets(psram, psramAlloc.Blocks, psramAlloc.BlockOf);

        // 6. Steps with live bytes; totals; failures.
        var planSteps = new List<PlanStep>();
        for (int s = 0; s < steps.Count; s++)
        {
            var n = steps[s];
            planSteps.Add(new PlanStep(s, n.Name, n.OpType, n.Outputs.Select(Root).Distinct().ToList(), work[s].Bytes, work[s].Why,
                OpCosts.Macs(n, g), sram.Where(t => t.LiveAt(s)).Sum(t => t.Bytes), psram.Where(t => t.LiveAt(s)).Sum(t => t.Bytes)));
        }
        long Params(MemoryKind m) => parameters.Where(p => p.Memory == m).Sum(p => p.Bytes);
        var memories = new List<MemoryUsage>
        {
            new(MemoryKind.Sram, chip.SramBytes, Params(MemoryKind.Sram), OpCosts.Align(chosen.Blocks.Sum(), 16), planSteps.Select(s => s.LiveSram).DefaultIfEmpty().Max()),
            new(MemoryKind.Psram, chip.PsramBytes, Params(MemoryKind.Psram), OpCosts.Align(psramAlloc.Blocks.Sum(), 16), planSteps.Select(s => s.LivePsram).DefaultIfEmpty().Max()),
            new(MemoryKind.Flash, 0, Params(MemoryKind.Flash), 0, 0),
        };
        var failures = new List<PlanFailure>();
        foreach (var m in memories.Where(m => m.Over > 0))
        {
            var pool = m.Memory == MemoryKind.Sram ? sram : psram;
            failures.Add(Failure(m, pool, parameters.Where(p => p.Memory == m.Memory).ToList(), planSteps, m.Memory == MemoryKind.Sram ? s => s.LiveSram : s => s.LivePsram));
        }
        var violations = new List<(string, string, string)>();
        foreach (var n in g.Nodes)
            foreach (var problem in VenusLimits.Check(n, g))
                violations.Add((n.Name, n.OpType, problem));
        notes.Add($"parameters in {options.Parameters.ToString().ToUpperInvariant()}; DMA prefetch buffers {(options.DmaPrefetch && options.Parameters != MemoryKind.Sram ? "reserved in SRAM" : "not reserved")}; " +
            $"activations over {chip.ShareThresholdBytes:N0} bytes go to PSRAM");
        return new ChipPlan(g.Source, chip, useSize ? "GreedyBySize" : "GreedyByOrder", planSteps, tensors.Concat(parameters).ToList(), memories, failures, violations, notes);
    }

    /// <summary>tpacker §3.6: a tensor of more than threshold4 bytes goes to PSRAM, the rest to shared SRAM.</summary>
    private static MemoryKind Placement(PlanValue v, ChipSpec chip) => v.RawBytes > chip.ShareThresholdBytes ? MemoryKind.Psram : MemoryKind.Sram;

    private static PlanFailure Failure(MemoryUsage m, List<PlannedTensor> pool, List<PlannedTensor> parameters, List<PlanStep> steps, Func<PlanStep, long> live)
    {
        long room = m.Capacity - m.Parameters;
        if (room < 0 || steps.Count == 0)
        {
            // The parameters alone do not fit: name the largest.
            var p = parameters.OrderByDescending(t => t.Bytes).First();
            return new PlanFailure(m.Memory, m.Over, p.Name, 0, "(parameters)", parameters.OrderByDescending(t => t.Bytes).ToList());
        }
        // The first step whose live buffers exceed the room; else (fragmentation) the peak step.
        var step = steps.FirstOrDefault(s => live(s) > room) ?? steps.MaxBy(live)!;
        var liveThere = pool.Where(t => t.LiveAt(step.Index)).OrderByDescending(t => t.Bytes).ToList();
        // The buffer being allocated there (the step's own output), else one that starts there, else the largest live one.
        var culprit = liveThere.Where(t => t.Producer == step.Node && t.Kind == "activation").MaxBy(t => t.Bytes)
            ?? liveThere.Where(t => t.Begin == step.Index && t.Kind == "activation").MaxBy(t => t.Bytes) ?? liveThere.First();
        return new PlanFailure(m.Memory, m.Over, culprit.Name, step.Index, step.Node, liveThere);
    }
}
