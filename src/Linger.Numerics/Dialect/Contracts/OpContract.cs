namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>
/// The one description of a dialect op: op type and domain, inputs and outputs (element types,
/// optional or not, constant or not, scales), attributes (type, required or not), output-shape
/// inference and the venus limits. The exporter (through the runtime loader it validates with), the
/// runtime loader, <c>linger inspect</c> and <c>docs/ops.md</c> all read it; nothing else restates it.
/// </summary>
public sealed class OpContract
{
    /// <summary>The ONNX op type, e.g. <c>Conv2dInt</c>.</summary>
    public required string OpType { get; init; }

    /// <summary>The ONNX domain: <see cref="ThinkerDialect.Domain"/> or the standard domain <c>""</c>.</summary>
    public string Domain { get; init; } = ThinkerDialect.Domain;

    /// <summary>What the op computes, one or two sentences with the integer formula.</summary>
    public required string Summary { get; init; }

    /// <summary>Where the semantics come from (reference sections).</summary>
    public string Reference { get; init; } = "";

    /// <summary>Inputs in node order.</summary>
    public required IReadOnlyList<PortContract> Inputs { get; init; }

    /// <summary>Outputs in node order.</summary>
    public required IReadOnlyList<PortContract> Outputs { get; init; }

    /// <summary>Attributes the op reads (others are allowed and ignored).</summary>
    public IReadOnlyList<AttributeContract> Attributes { get; init; } = [];

    /// <summary>Output shapes from the input shapes and attributes (one per output; throws <see cref="LingerException"/> on inconsistent inputs).</summary>
    public required Func<NodeView, int[][]> InferShapes { get; init; }

    /// <summary>The venus rules this op must obey (empty when there are none).</summary>
    public IReadOnlyList<VenusLimit> VenusLimits { get; init; } = [];

    /// <summary><c>domain::OpType</c>, or just the op type in the standard domain.</summary>
    public string QualifiedName => Domain.Length == 0 ? OpType : Domain + "::" + OpType;

    /// <summary>Number of inputs a node must have at least (non-optional ports, a variadic port counting once).</summary>
    public int MinInputs
    {
        get
        {
            int n = Inputs.Count;
            while (n > 0 && Inputs[n - 1].Optional) n--;
            return n;
        }
    }

    /// <summary>The most inputs a node may have (unbounded with a variadic port).</summary>
    public int MaxInputs => Inputs.Count > 0 && Inputs[^1].Variadic ? int.MaxValue : Inputs.Count;

    /// <summary>The port describing input <paramref name="index"/> (a variadic last port covers the rest).</summary>
    public PortContract InputPort(int index) => index < Inputs.Count ? Inputs[index] : Inputs[^1];

    /// <summary>The attribute contract named <paramref name="name"/>, or null.</summary>
    public AttributeContract? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);
}
