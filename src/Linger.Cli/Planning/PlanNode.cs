namespace LingerNet.Cli.Planning;

/// <summary>One node of the graph as the planner needs it.</summary>
/// <param name="Name">The node name.</param>
/// <param name="OpType">The op type without domain (e.g. <c>Conv2dInt</c>).</param>
/// <param name="Inputs">Input value names (empty string = omitted optional input).</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Attributes">Attributes as plain values (see <c>ModelNode.Attributes</c>).</param>
internal sealed record PlanNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, object> Attributes)
{
    /// <summary>An integer list attribute, or null when absent.</summary>
    public long[]? Ints(string name) => Attributes.TryGetValue(name, out var v) ? v as long[] : null;

    /// <summary>An integer attribute, or <paramref name="fallback"/> when absent.</summary>
    public long Int(string name, long fallback) => Attributes.TryGetValue(name, out var v) && v is long l ? l : fallback;
}
