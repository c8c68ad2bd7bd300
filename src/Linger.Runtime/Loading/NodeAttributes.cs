using LingerNet.Numerics;
using Onnx;

namespace LingerNet.Runtime.Loading;

/// <summary>Typed, checked access to a node's attributes; every error names the node and the attribute.</summary>
internal sealed class NodeAttributes
{
    private readonly Dictionary<string, AttributeProto> _byName = new(StringComparer.Ordinal);

    public NodeAttributes(NodeProto node, string where)
    {
        Where = where;
        foreach (var a in node.Attribute)
            if (!_byName.TryAdd(a.Name, a))
                throw new LingerException($"{where}: attribute '{a.Name}' appears twice.");
    }

    public string Where { get; }

    public bool Has(string name) => _byName.ContainsKey(name);

    private AttributeProto Required(string name) =>
        _byName.TryGetValue(name, out var a) ? a : throw new LingerException($"{Where}: required attribute '{name}' is missing.");

    public double GetFloat(string name)
    {
        var a = Required(name);
        return a.Type switch
        {
            AttributeProto.Types.AttributeType.Float => a.F,
            AttributeProto.Types.AttributeType.Int => a.I,
            _ => throw new LingerException($"{Where}: attribute '{name}' must be a float, not {a.Type}."),
        };
    }

    /// <summary>A power-of-two scale attribute (e.g. scale_x = 32.0 → 2^5).</summary>
    public Pow2Scale GetScale(string name) => Pow2Scale.FromValue(GetFloat(name), $"{Where}: attribute '{name}'");

    public Pow2Scale? TryGetScale(string name) => Has(name) ? GetScale(name) : null;

    public long GetInt(string name)
    {
        var a = Required(name);
        return a.Type == AttributeProto.Types.AttributeType.Int
            ? a.I
            : throw new LingerException($"{Where}: attribute '{name}' must be an int, not {a.Type}.");
    }

    public long GetInt(string name, long fallback) => Has(name) ? GetInt(name) : fallback;

    public int[] GetInts(string name)
    {
        var a = Required(name);
        if (a.Type != AttributeProto.Types.AttributeType.Ints)
            throw new LingerException($"{Where}: attribute '{name}' must be a list of ints, not {a.Type}.");
        return a.Ints.Select(v => v is < int.MinValue or > int.MaxValue
            ? throw new LingerException($"{Where}: attribute '{name}' value {v} is out of range.")
            : (int)v).ToArray();
    }

    public int[] GetInts(string name, int[] fallback) => Has(name) ? GetInts(name) : fallback;

    public string? TryGetString(string name)
    {
        if (!_byName.TryGetValue(name, out var a)) return null;
        return a.Type == AttributeProto.Types.AttributeType.String
            ? a.S.ToStringUtf8()
            : throw new LingerException($"{Where}: attribute '{name}' must be a string, not {a.Type}.");
    }

    public TensorProto GetTensor(string name)
    {
        var a = Required(name);
        return a.Type == AttributeProto.Types.AttributeType.Tensor
            ? a.T
            : throw new LingerException($"{Where}: attribute '{name}' must be a tensor, not {a.Type}.");
    }

    /// <summary>Checks an optional bits attribute against the widths this runtime executes.</summary>
    public void CheckBits(string name, params int[] allowed)
    {
        if (!Has(name)) return;
        long bits = GetInt(name);
        if (!allowed.Contains((int)bits))
            throw new LingerException($"{Where}: attribute '{name}' = {bits} is not supported (allowed: {string.Join(", ", allowed)}).");
    }
}
