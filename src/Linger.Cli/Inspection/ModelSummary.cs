using System.Text.Json.Serialization;

namespace LingerNet.Cli.Inspection;

/// <summary>What <c>linger inspect</c> reports about a model; serialized as-is by <c>--json</c> (snake_case).</summary>
internal sealed record ModelSummary(
    string Model,
    IReadOnlyList<NodeSummary> Nodes,
    SummaryTotals Totals,
    IReadOnlyList<ValueSummary> Inputs,
    IReadOnlyList<ValueSummary> Outputs)
{
    /// <summary>The runtime's liveness-based memory plan for the declared input shapes.</summary>
    public MemoryPlanSummary? MemoryPlan { get; init; }
}

/// <summary>Peak activation bytes (reusable buffers) against the naive sum of all intermediates.</summary>
internal sealed record MemoryPlanSummary(long PeakActivationBytes, long NaiveActivationBytes, int Buffers, int Intermediates);

/// <summary>One node row: shapes of its non-parameter inputs and of its outputs, scales as exponents, bits, parameter bytes.</summary>
internal sealed record NodeSummary(
    string Name,
    string OpType,
    IReadOnlyList<ValueSummary> Inputs,
    IReadOnlyList<ValueSummary> Outputs,
    IReadOnlyDictionary<string, int> Scales,
    IReadOnlyDictionary<string, long> Bits,
    IReadOnlyList<string> Parameters,
    long ParameterBytes);

/// <summary>A value: name, element type, shape (−1 = symbolic, graph inputs only) and its Q exponent when known.</summary>
internal sealed record ValueSummary(
    string Name,
    string Dtype,
    int[] Shape,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Q);

/// <summary>Totals over the graph: nodes, bytes of all (distinct) initializers, node count per op type.</summary>
internal sealed record SummaryTotals(int Nodes, long ParameterBytes, IReadOnlyDictionary<string, int> Ops);
