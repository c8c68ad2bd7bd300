using LingerNet.Numerics;
using LingerNet.Numerics.Dialect.Contracts;
using LingerNet.Runtime.Ops;
using Onnx;

namespace LingerNet.Runtime.Loading;

/// <summary>
/// Typed, checked access to a node's attributes for the op constructors: a thin layer over the shared
/// <see cref="AttributeSet"/> (the same reader the contract checks use), plus ONNX tensors. Every error
/// names the node and the attribute.
/// </summary>
internal sealed class NodeAttributes
{
    public NodeAttributes(NodeProto node, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in node.Attribute)
            if (!seen.Add(a.Name))
                throw new LingerException($"{where}: attribute '{a.Name}' appears twice.");
        Set = new AttributeSet(OpNode.ReadAttributes(node), where);
    }

    /// <summary>The shared reader.</summary>
    public AttributeSet Set { get; }

    public string Where => Set.Where;

    public bool Has(string name) => Set.Has(name);

    public double GetFloat(string name) => Set.Float(name);

    /// <summary>A power-of-two scale attribute (e.g. scale_x = 32.0 → 2^5).</summary>
    public Pow2Scale GetScale(string name) => Set.Scale(name);

    public Pow2Scale? TryGetScale(string name) => Set.OptionalScale(name);

    public long GetInt(string name) => Set.Int(name);

    public long GetInt(string name, long fallback) => Set.Int(name, fallback);

    public int[] GetInts(string name) => ToInts(name, Set.Ints(name));

    public int[] GetInts(string name, int[] fallback) => Has(name) ? GetInts(name) : fallback;

    public string? TryGetString(string name) => Set.String(name);

    public TensorProto GetTensor(string name) => Set.Raw(name) as TensorProto
        ?? (Has(name) ? throw new LingerException($"{Where}: attribute '{name}' must be a tensor.") : throw new LingerException($"{Where}: required attribute '{name}' is missing."));

    /// <summary>Checks an optional bits attribute against the widths this runtime executes.</summary>
    public void CheckBits(string name, params int[] allowed)
    {
        if (!Has(name)) return;
        long bits = GetInt(name);
        if (!allowed.Contains((int)bits))
            throw new LingerException($"{Where}: attribute '{name}' = {bits} is not supported (allowed: {string.Join(", ", allowed)}).");
    }

    private int[] ToInts(string name, long[] values) => values.Select(v => v is < int.MinValue or > int.MaxValue
        ? throw new LingerException($"{Where}: attribute '{name}' value {v} is out of range.")
        : (int)v).ToArray();
}
