using System.Globalization;
using LingerNet.Numerics;

namespace LingerNet.Runtime;

/// <summary>
/// A named, shaped tensor as the runtime sees it: an input, an output, an initializer or a dumped
/// intermediate. The data array has exactly <c>Π Shape</c> elements in row-major (NCHW) order.
/// Tensors are immutable by convention: kernels never write into their inputs, so arrays may be shared.
/// </summary>
public sealed class RuntimeTensor
{
    /// <summary>Creates a tensor; the data's element type decides <see cref="ElementType"/>.</summary>
    /// <exception cref="LingerException">The data length does not match the shape, or the array type is unsupported.</exception>
    public RuntimeTensor(string name, int[] shape, Array data, Pow2Scale? scale = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        Name = name;
        Shape = shape;
        Data = data;
        Scale = scale;
        ElementType = data switch
        {
            float[] => TensorElementType.Float32,
            sbyte[] => TensorElementType.Int8,
            short[] => TensorElementType.Int16,
            int[] => TensorElementType.Int32,
            long[] => TensorElementType.Int64,
            _ => throw new LingerException($"tensor '{name}': unsupported element array {data.GetType().Name}."),
        };
        long n = ElementCount(shape, name);
        if (n != data.Length)
            throw new LingerException($"tensor '{name}': shape [{FormatShape(shape)}] needs {n} elements but {data.Length} were given.");
    }

    /// <summary>The tensor's name in the graph.</summary>
    public string Name { get; }

    /// <summary>The dimensions (NCHW for images). Do not modify.</summary>
    public int[] Shape { get; }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The values: a <c>float[]</c>, <c>sbyte[]</c>, <c>short[]</c>, <c>int[]</c> or <c>long[]</c>.</summary>
    public Array Data { get; }

    /// <summary>The power-of-two scale of an integer tensor (real = q / 2^n) when the graph defines one.</summary>
    public Pow2Scale? Scale { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>The values as int8.</summary>
    /// <exception cref="LingerException">The tensor is not int8.</exception>
    public sbyte[] AsInt8() => Data as sbyte[] ?? throw WrongType(TensorElementType.Int8);

    /// <summary>The values as int16.</summary>
    /// <exception cref="LingerException">The tensor is not int16.</exception>
    public short[] AsInt16() => Data as short[] ?? throw WrongType(TensorElementType.Int16);

    /// <summary>The values as int32.</summary>
    /// <exception cref="LingerException">The tensor is not int32.</exception>
    public int[] AsInt32() => Data as int[] ?? throw WrongType(TensorElementType.Int32);

    /// <summary>The values as int64.</summary>
    /// <exception cref="LingerException">The tensor is not int64.</exception>
    public long[] AsInt64() => Data as long[] ?? throw WrongType(TensorElementType.Int64);

    /// <summary>The values as float32.</summary>
    /// <exception cref="LingerException">The tensor is not float32.</exception>
    public float[] AsFloat32() => Data as float[] ?? throw WrongType(TensorElementType.Float32);

    /// <summary>Element <paramref name="index"/> of an integer tensor, widened to long.</summary>
    /// <exception cref="LingerException">The tensor is float.</exception>
    public long GetInteger(int index) => Data switch
    {
        sbyte[] a => a[index],
        short[] a => a[index],
        int[] a => a[index],
        long[] a => a[index],
        _ => throw new LingerException($"tensor '{Name}' is {ElementType}, not an integer tensor."),
    };

    /// <summary>A copy with another name and shape (same data, same scale); the element count must match.</summary>
    public RuntimeTensor WithNameAndShape(string name, int[] shape) => new(name, shape, Data, Scale);

    /// <summary>Π shape (1 for a scalar).</summary>
    /// <exception cref="LingerException">A dimension is negative or the product overflows int32.</exception>
    public static long ElementCount(IReadOnlyList<int> shape, string where = "tensor")
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new LingerException($"{where}: negative dimension in shape [{FormatShape(shape)}].");
            n *= d;
            if (n > int.MaxValue) throw new LingerException($"{where}: shape [{FormatShape(shape)}] has more than 2^31 elements.");
        }
        return n;
    }

    /// <summary>Formats a shape as "1, 3, 8, 8".</summary>
    public static string FormatShape(IEnumerable<int> shape) => string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {ElementType}[{FormatShape(Shape)}]" + (Scale is { } s ? $" @ {s}" : "");

    private LingerException WrongType(TensorElementType wanted) =>
        new($"tensor '{Name}' is {ElementType}, not {wanted}.");
}
