namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>
/// One input or output of an op: its name, which element types it takes or has, whether it may be
/// omitted, whether it must be a constant (initializer), and which scale attribute describes it.
/// </summary>
public sealed record PortContract
{
    /// <summary>Creates a port.</summary>
    public PortContract(string name, ElementTypeRule types, string meaning)
    {
        Name = name;
        Types = types;
        Meaning = meaning;
    }

    /// <summary>The port name in the op table (<c>x</c>, <c>W</c>, <c>b</c>, <c>lengths</c>...).</summary>
    public string Name { get; }

    /// <summary>The element types the port takes (inputs) or the type it has (outputs).</summary>
    public ElementTypeRule Types { get; }

    /// <summary>One line for the op table.</summary>
    public string Meaning { get; }

    /// <summary>An optional port may be left out (a trailing input, or an empty name).</summary>
    public bool Optional { get; init; }

    /// <summary>A constant input must be an initializer or Constant output (weights, biases, shapes).</summary>
    public bool Constant { get; init; }

    /// <summary>A variadic port (last input only) takes one or more values (iqCat).</summary>
    public bool Variadic { get; init; }

    /// <summary>
    /// Inputs: the attribute stating the scale this input must be at (<c>scale_x</c>; for a variadic
    /// port a prefix completed with the index, e.g. <c>scale_x_</c>). Outputs: how the output's scale is
    /// known. Null when the port carries no scale (weights, floats, shapes).
    /// </summary>
    public ScaleRule? Scale { get; init; }
}
