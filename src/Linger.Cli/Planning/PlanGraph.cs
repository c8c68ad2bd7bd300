using LingerNet.Numerics.Dialect;
using LingerNet.Runtime;

namespace LingerNet.Cli.Planning;

/// <summary>The graph the planner works on: nodes in execution order, every value with shape and element size, the graph inputs and outputs.</summary>
/// <param name="Source">Where the graph came from (for messages).</param>
/// <param name="Nodes">Nodes in execution order.</param>
/// <param name="Values">Every value by name.</param>
/// <param name="Inputs">Graph input names.</param>
/// <param name="Outputs">Graph output names.</param>
internal sealed record PlanGraph(string Source, IReadOnlyList<PlanNode> Nodes, IReadOnlyDictionary<string, PlanValue> Values, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    /// <summary>Reads a model loaded (and so validated) by the runtime through its public description.</summary>
    public static PlanGraph FromRuntime(LingerRuntime rt)
    {
        ArgumentNullException.ThrowIfNull(rt);
        var values = new Dictionary<string, PlanValue>(StringComparer.Ordinal);
        var constantOutputs = rt.Nodes.Where(n => n.OpType == OpTypes.Constant).SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        void Add(string name)
        {
            if (name.Length == 0 || values.ContainsKey(name)) return;
            var v = rt.DescribeValue(name);
            if (v is null) return;
            int size = v.ElementType switch
            {
                TensorElementType.Int8 => 1,
                TensorElementType.Int16 => 2,
                TensorElementType.Int32 or TensorElementType.Float32 => 4,
                _ => 8,
            };
            values[name] = new PlanValue(name, v.Shape, size, v.IsInitializer || constantOutputs.Contains(name), v.Scale?.Exponent);
        }
        foreach (var i in rt.Inputs) Add(i.Name);
        foreach (var n in rt.Nodes)
        {
            foreach (var i in n.Inputs) Add(i);
            foreach (var o in n.Outputs) Add(o);
        }
        var nodes = rt.Nodes.Select((n, k) => new PlanNode(n.Name.Length > 0 ? n.Name : $"{n.OpType}_{k}", n.OpType, n.Inputs, n.Outputs, n.Attributes)).ToList();
        return new PlanGraph(rt.Source, nodes, values, rt.Inputs.Select(i => i.Name).ToList(), rt.OutputNames);
    }
}
