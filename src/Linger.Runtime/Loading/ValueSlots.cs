using LingerNet.Runtime.Ops;

namespace LingerNet.Runtime.Loading;

/// <summary>
/// Every value of the plan numbered once at load, so a run indexes an array instead of copying the
/// constants into a new dictionary and looking each value up by name.
/// </summary>
internal sealed class ValueSlots
{
    /// <summary>Number of slots (constants + graph inputs + node outputs).</summary>
    public required int Count { get; init; }
    /// <summary>The slot of every value name.</summary>
    public required Dictionary<string, int> Of { get; init; }
    /// <summary>A run's starting values: the constants in their slots, null elsewhere (copied per run).</summary>
    public required RuntimeTensor?[] ConstantTemplate { get; init; }
    /// <summary>Per node (plan order), the slot of each input; −1 for an omitted optional input.</summary>
    public required int[][] NodeInputs { get; init; }
    /// <summary>Per node (plan order), the slot of each output; −1 for an unnamed (unused) output.</summary>
    public required int[][] NodeOutputs { get; init; }
    /// <summary>Per graph input (in <see cref="ExecutionPlan.Inputs"/> order), its slot.</summary>
    public required int[] GraphInputs { get; init; }
    /// <summary>Per graph input, the indexes of the Quant nodes reading it (skipped when it is fed int8).</summary>
    public required int[][] LeadingQuants { get; init; }
    /// <summary>Per graph output (declaration order), its slot.</summary>
    public required int[] GraphOutputs { get; init; }
    /// <summary>Per graph output, the index of the node producing it; −1 when it is an input or constant.</summary>
    public required int[] OutputProducers { get; init; }

    public static ValueSlots Build(Dictionary<string, RuntimeTensor> constants, List<GraphInput> inputs, List<OpNode> nodes, List<string> outputs)
    {
        var of = new Dictionary<string, int>(StringComparer.Ordinal);
        int Slot(string name)
        {
            if (!of.TryGetValue(name, out int s)) of[name] = s = of.Count;
            return s;
        }
        foreach (var name in constants.Keys) Slot(name);
        var graphInputs = inputs.Select(i => Slot(i.Name)).ToArray();
        var nodeOutputs = nodes.Select(n => n.Outputs.Select(o => o.Length == 0 ? -1 : Slot(o)).ToArray()).ToArray();
        var nodeInputs = nodes.Select(n => n.Inputs.Select(i => i.Length == 0 ? -1 : of[i]).ToArray()).ToArray();
        var template = new RuntimeTensor?[of.Count];
        foreach (var (name, t) in constants) template[of[name]] = t;
        var leading = inputs.Select(gi => Enumerable.Range(0, nodes.Count)
            .Where(k => nodes[k] is QuantOp q && q.Inputs[0] == gi.Name).ToArray()).ToArray();
        var producers = outputs.Select(o => nodes.FindIndex(n => n.Outputs.Contains(o))).ToArray();
        return new ValueSlots
        {
            Count = of.Count, Of = of, ConstantTemplate = template, NodeInputs = nodeInputs, NodeOutputs = nodeOutputs,
            GraphInputs = graphInputs, LeadingQuants = leading, GraphOutputs = outputs.Select(o => of[o]).ToArray(),
            OutputProducers = producers,
        };
    }
}
