namespace LingerNet.Data;

/// <summary>
/// The content of one IDX file of unsigned bytes (type code 0x08), the format of MNIST and
/// Fashion-MNIST: a shape (e.g. <c>[60000, 28, 28]</c> for images, <c>[60000]</c> for labels) and the
/// elements in row-major order.
/// </summary>
public sealed class IdxArray
{
    /// <summary>Creates an array; <paramref name="data"/> must hold exactly the product of the dimensions.</summary>
    /// <exception cref="ArgumentException">The data length does not match the shape, or a dimension is negative.</exception>
    public IdxArray(IReadOnlyList<int> shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Count is < 1 or > 255) throw new ArgumentException("an IDX array has 1 to 255 dimensions", nameof(shape));
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d}", nameof(shape));
            count *= d;
        }
        if (count != data.LongLength)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] needs {count} bytes, data has {data.LongLength}", nameof(data));
        Shape = shape.ToArray();
        Data = data;
    }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The elements in row-major order (not copied: callers share the array).</summary>
    public byte[] Data { get; }

    /// <summary>The size of the outermost dimension (the number of samples).</summary>
    public int Count => Shape[0];

    /// <summary>The number of bytes of one sample (the product of all but the first dimension).</summary>
    public int SampleSize
    {
        get
        {
            int n = 1;
            for (int i = 1; i < Shape.Count; i++) n *= Shape[i];
            return n;
        }
    }
}
