using LingerNet.Numerics;

namespace LingerNet.Runtime;

/// <summary>
/// One graph output. For the usual linger graph (last int op → trailing <c>Dequant</c>),
/// <see cref="Int8"/> holds the int8 values that enter the Dequant and <see cref="Float"/> the
/// Dequant's result. An int8 graph output without Dequant is dequantized with its scale; a float
/// output (e.g. a Conv2dInt/LinearInt without o_bits) has no <see cref="Int8"/>.
/// </summary>
public sealed class RunOutput
{
    internal RunOutput(string name, int[] shape, sbyte[]? int8, float[]? values, Pow2Scale? scale)
    {
        Name = name;
        Shape = shape;
        Int8 = int8;
        Float = values;
        Scale = scale;
    }

    /// <summary>The graph output name.</summary>
    public string Name { get; }

    /// <summary>The output shape.</summary>
    public int[] Shape { get; }

    /// <summary>The int8 values (before the trailing Dequant); null when the output is float only.</summary>
    public sbyte[]? Int8 { get; }

    /// <summary>The float values (Dequant result, or q·2^−n); null only for an int8 output whose scale the graph does not define.</summary>
    public float[]? Float { get; }

    /// <summary>The power-of-two scale of <see cref="Int8"/>, when known.</summary>
    public Pow2Scale? Scale { get; }
}
