namespace LingerNet.Runtime.Loading;

/// <summary>
/// What a run needs to know for one set of input shapes: every node's output metadata (inferred once)
/// and the memory plan's buffers, kept between runs so a run writes its intermediates into warm memory
/// instead of allocating them.
/// </summary>
internal sealed class ShapePlan
{
    private Array[]? _spare;

    public ShapePlan(ValueMeta[][] nodeMetas, BufferAssignment buffers)
    {
        NodeMetas = nodeMetas;
        Buffers = buffers;
    }

    /// <summary>Per node (plan order), its outputs' metadata; empty for a skipped leading Quant.</summary>
    public ValueMeta[][] NodeMetas { get; }

    public BufferAssignment Buffers { get; }

    /// <summary>
    /// The buffers for one run: the kept set, or (when another run holds it, on another thread) a new one.
    /// </summary>
    public Array[] RentBuffers() => Interlocked.Exchange(ref _spare, null) ?? Buffers.Buffers.Select(b => Allocate(b.Type, b.Length)).ToArray();

    /// <summary>Gives the buffers back after a run, for the next one.</summary>
    public void ReturnBuffers(Array[] buffers) => Volatile.Write(ref _spare, buffers);

    private static Array Allocate(TensorElementType type, int length) => type switch
    {
        TensorElementType.Float32 => new float[length],
        TensorElementType.Int8 => new sbyte[length],
        TensorElementType.Int16 => new short[length],
        TensorElementType.Int32 => new int[length],
        _ => new long[length],
    };
}
