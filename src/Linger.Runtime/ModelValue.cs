using LingerNet.Numerics;

namespace LingerNet.Runtime;

/// <summary>
/// What the loader inferred about one value of the graph (see <see cref="LingerRuntime.DescribeValue"/>):
/// element type, shape for the declared input shapes (symbolic dimensions taken as 1) and, for integer
/// tensors, the power-of-two scale.
/// </summary>
public sealed class ModelValue
{
    internal ModelValue(string name, TensorElementType type, int[] shape, Pow2Scale? scale, bool isInitializer)
    {
        Name = name;
        ElementType = type;
        Shape = shape;
        Scale = scale;
        IsInitializer = isInitializer;
    }

    /// <summary>The value name.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The inferred shape. Do not modify.</summary>
    public int[] Shape { get; }

    /// <summary>The scale of an integer tensor, when the graph defines one.</summary>
    public Pow2Scale? Scale { get; }

    /// <summary>Whether the value is a graph initializer (a parameter: weight, bias, ...).</summary>
    public bool IsInitializer { get; }

    /// <summary>Bytes of the data: element count × element size.</summary>
    public long ByteSize => RuntimeTensor.ElementCount(Shape, Name) * ElementType switch
    {
        TensorElementType.Int8 => 1,
        TensorElementType.Int16 => 2,
        TensorElementType.Int32 or TensorElementType.Float32 => 4,
        _ => 8,
    };
}
