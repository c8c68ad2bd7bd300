using LingerNet.Numerics;

namespace LingerNet.Runtime;

/// <summary>A graph input as declared in the model.</summary>
public sealed class GraphInput
{
    internal GraphInput(string name, int[] shape, TensorElementType type, Pow2Scale? int8Scale)
    {
        Name = name;
        Shape = shape;
        ElementType = type;
        Int8Scale = int8Scale;
    }

    /// <summary>The input name.</summary>
    public string Name { get; }

    /// <summary>The declared shape; −1 marks a symbolic (dynamic) dimension.</summary>
    public int[] Shape { get; }

    /// <summary>The declared element type (float32 when a leading Quant quantizes it, int8 otherwise).</summary>
    public TensorElementType ElementType { get; }

    /// <summary>
    /// The scale an int8 feed is read at: for a float input, the scale of the leading <c>Quant</c>
    /// (an int8 feed then skips that Quant); for an int8 input, the scale its consumers state, when known.
    /// Null when the input cannot be fed as int8.
    /// </summary>
    public Pow2Scale? Int8Scale { get; }

    /// <summary>Whether <see cref="Int8Scale"/> allows an int8 feed.</summary>
    public bool AcceptsInt8 => ElementType == TensorElementType.Int8 || Int8Scale is not null;
}
