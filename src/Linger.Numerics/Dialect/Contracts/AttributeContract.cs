namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>One attribute of an op: its name, type, whether a file must carry it, and what it means.</summary>
/// <param name="Name">The attribute name, e.g. <c>scale_x</c>.</param>
/// <param name="Kind">Its ONNX type.</param>
/// <param name="Required">Whether every node of the op must carry it.</param>
/// <param name="Meaning">One line for the op table.</param>
public sealed record AttributeContract(string Name, AttributeKind Kind, bool Required, string Meaning)
{
    /// <summary>Whether the attribute holds a power-of-two scale (float named <c>scale_*</c>).</summary>
    public bool IsScale => Kind == AttributeKind.Float && Name.StartsWith("scale_", StringComparison.Ordinal);

    /// <summary>A required attribute.</summary>
    public static AttributeContract Req(string name, AttributeKind kind, string meaning) => new(name, kind, true, meaning);

    /// <summary>An optional attribute.</summary>
    public static AttributeContract Opt(string name, AttributeKind kind, string meaning) => new(name, kind, false, meaning);
}
