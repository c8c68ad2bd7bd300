namespace LingerNet.Runtime;

/// <summary>
/// One node of a loaded model, as the runtime will execute it (see <see cref="LingerRuntime.Nodes"/>):
/// what tools such as <c>linger inspect</c> need without re-reading the ONNX file.
/// </summary>
public sealed class ModelNode
{
    internal ModelNode(string name, string opType, string domain, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyDictionary<string, object> attributes,
        Numerics.Dialect.Contracts.OpContract contract)
    {
        Contract = contract;
        Name = name;
        OpType = opType;
        Domain = domain;
        Inputs = inputs;
        Outputs = outputs;
        Attributes = attributes;
    }

    /// <summary>The op's contract (ports, attributes, venus rules): what tools read instead of restating the dialect.</summary>
    public Numerics.Dialect.Contracts.OpContract Contract { get; }

    /// <summary>The node name (may be empty in hand-written files).</summary>
    public string Name { get; }

    /// <summary>The ONNX op type, e.g. <c>Conv2dInt</c> or <c>Relu</c>.</summary>
    public string OpType { get; }

    /// <summary>The ONNX domain as written in the file: <c>"thinker"</c> for linger ops, <c>""</c> or <c>"ai.onnx"</c> for standard ones.</summary>
    public string Domain { get; }

    /// <summary>The op type qualified by a non-standard domain: <c>thinker::Conv2dInt</c>, or just <c>Relu</c>.</summary>
    public string QualifiedOpType => Domain is "" or "ai.onnx" ? OpType : $"{Domain}::{OpType}";

    /// <summary>Input value names (an empty string marks an omitted optional input).</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Output value names.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>
    /// The attributes as plain values: float → <see cref="double"/>, int → <see cref="long"/>, string → <see cref="string"/>,
    /// ints → <c>long[]</c>, floats → <c>double[]</c>. Tensor and graph attributes are not included.
    /// </summary>
    public IReadOnlyDictionary<string, object> Attributes { get; }
}
