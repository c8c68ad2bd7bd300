namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>Where the scale of a port comes from.</summary>
public abstract record ScaleRule
{
    /// <summary>The scale is stated by an attribute (for a variadic input, the attribute name plus the index).</summary>
    public sealed record FromAttribute(string Name, bool Indexed = false, string? Fallback = null) : ScaleRule;

    /// <summary>The output keeps the scale of an input (data movement, ReLU, max pooling).</summary>
    public sealed record SameAsInput(int Input) : ScaleRule;

    /// <summary>A fixed exponent (sigmoid/tanh outputs are Q7).</summary>
    public sealed record Fixed(int Exponent) : ScaleRule;

    /// <summary>The scale attribute named <paramref name="name"/>.</summary>
    public static ScaleRule Attribute(string name) => new FromAttribute(name);

    /// <summary>Text for the op table.</summary>
    public string Describe() => this switch
    {
        FromAttribute { Indexed: true } a => a.Name + "<i>",
        FromAttribute { Fallback: { } f } a => $"{a.Name} (default {f})",
        FromAttribute a => a.Name,
        SameAsInput s => $"same as input {s.Input}",
        Fixed f => $"Q{f.Exponent}",
        _ => "",
    };
}
