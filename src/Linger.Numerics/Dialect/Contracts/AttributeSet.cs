using System.Globalization;

namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>
/// The attributes of one node as plain values, read with checks: float → <see cref="double"/>,
/// int → <see cref="long"/>, ints → <c>long[]</c>, floats → <c>double[]</c>, string → <see cref="string"/>.
/// Both the runtime loader (from the file) and Init/export (from a module) describe a node this way, so
/// one set of contract checks serves both. Every error names <see cref="Where"/> and the attribute.
/// </summary>
public sealed class AttributeSet
{
    private readonly IReadOnlyDictionary<string, object> _values;

    /// <summary>Wraps attribute values; <c>float</c> and <c>int</c> values are widened.</summary>
    public AttributeSet(IReadOnlyDictionary<string, object> values, string where)
    {
        ArgumentNullException.ThrowIfNull(values);
        var d = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (k, v) in values)
            d[k] = v switch
            {
                float f => (double)f,
                int i => (long)i,
                int[] a => a.Select(x => (long)x).ToArray(),
                float[] a => a.Select(x => (double)x).ToArray(),
                _ => v,
            };
        _values = d;
        Where = where;
    }

    /// <summary>The node this set belongs to, for messages.</summary>
    public string Where { get; }

    /// <summary>The attribute names.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>Whether the attribute is present.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The raw value, or null.</summary>
    public object? Raw(string name) => _values.TryGetValue(name, out var v) ? v : null;

    /// <summary>The kind of a present value, or null when absent or of a kind the dialect does not use.</summary>
    public AttributeKind? KindOf(string name) => Raw(name) switch
    {
        double => AttributeKind.Float,
        long => AttributeKind.Int,
        long[] => AttributeKind.Ints,
        double[] => AttributeKind.Floats,
        string => AttributeKind.String,
        null => null,
        _ => AttributeKind.Tensor,
    };

    /// <summary>A required float (an int is accepted and widened).</summary>
    public double Float(string name) => Raw(name) switch
    {
        double d => d,
        long l => l,
        null => throw Missing(name),
        _ => throw Wrong(name, "a float"),
    };

    /// <summary>A required power-of-two scale (e.g. <c>scale_x = 32.0</c> → 2^5).</summary>
    public Pow2Scale Scale(string name) => Pow2Scale.FromValue(Float(name), $"{Where}: attribute '{name}'");

    /// <summary>An optional power-of-two scale.</summary>
    public Pow2Scale? OptionalScale(string name) => Has(name) ? Scale(name) : null;

    /// <summary>A required int.</summary>
    public long Int(string name) => Raw(name) switch
    {
        long l => l,
        null => throw Missing(name),
        _ => throw Wrong(name, "an int"),
    };

    /// <summary>An optional int with a default.</summary>
    public long Int(string name, long fallback) => Has(name) ? Int(name) : fallback;

    /// <summary>A required list of ints.</summary>
    public long[] Ints(string name) => Raw(name) switch
    {
        long[] a => a,
        null => throw Missing(name),
        _ => throw Wrong(name, "a list of ints"),
    };

    /// <summary>An optional list of ints with a default.</summary>
    public long[] Ints(string name, long[] fallback) => Has(name) ? Ints(name) : fallback;

    /// <summary>A list of ints that fit int32 and has <paramref name="count"/> values, each ≥ <paramref name="min"/>.</summary>
    public int[] IntList(string name, int count, int min, int[]? fallback = null)
    {
        long[] v = fallback is null || Has(name) ? Ints(name) : fallback.Select(x => (long)x).ToArray();
        if (v.Length != count)
            throw new LingerException($"{Where}: attribute '{name}' must have {count} values, has {v.Length}.");
        if (v.Any(x => x < min || x > int.MaxValue))
            throw new LingerException($"{Where}: attribute '{name}' = [{string.Join(", ", v)}] must be ≥ {min}.");
        return v.Select(x => (int)x).ToArray();
    }

    /// <summary>An optional string.</summary>
    public string? String(string name) => Raw(name) switch
    {
        string s => s,
        null => null,
        _ => throw Wrong(name, "a string"),
    };

    /// <summary>Bit widths read from <paramref name="name"/> (default <paramref name="fallback"/>).</summary>
    public int Bits(string name, int fallback = 8)
    {
        long b = Int(name, fallback);
        if (b is < 1 or > 32) throw new LingerException($"{Where}: attribute '{name}' = {b} is not a bit width (1..32).");
        return (int)b;
    }

    /// <summary>Formats a value for messages.</summary>
    public string Format(string name) => Raw(name) switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        long[] a => "[" + string.Join(", ", a) + "]",
        double[] a => "[" + string.Join(", ", a.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]",
        string s => "\"" + s + "\"",
        null => "(absent)",
        var o => o.ToString() ?? "",
    };

    private LingerException Missing(string name) => new($"{Where}: required attribute '{name}' is missing.");

    private LingerException Wrong(string name, string what) => new($"{Where}: attribute '{name}' must be {what}, is {KindOf(name)?.ToString() ?? "another type"}.");
}
