namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// LinearInt weights [L, N] packed once, at load: rows padded with zeros to a multiple of 32 inputs,
/// as int16 (AVX2 and Vector128 paths) and as int8 with 128·Σw per chunk (VNNI path). Each path's
/// layout is built on first use.
/// </summary>
internal sealed class PackedLinearWeights
{
    /// <summary>
    /// Inputs summed in int32 before the running total moves to int64: 65,536 products of at most
    /// 2^14 stay below 2^31, so every chunk's int32 sum is exact (linear's accumulator is exact, not wrapping).
    /// </summary>
    public const int Chunk = 65536;

    private readonly sbyte[] _w;
    private short[]? _rows16;
    private sbyte[]? _rows8;
    private int[]? _correction;

    public PackedLinearWeights(sbyte[] w, int outputs, int inputs)
    {
        _w = w;
        L = outputs;
        N = inputs;
        NPad = (inputs + 31) & ~31;
        Chunks = (NPad + Chunk - 1) / Chunk;
    }

    public int L { get; }
    public int N { get; }

    /// <summary><see cref="N"/> rounded up to a multiple of 32.</summary>
    public int NPad { get; }

    public int Chunks { get; }

    /// <summary>[L][NPad] int16.</summary>
    public short[] Rows16 => _rows16 ??= Pad<short>(v => v);

    /// <summary>[L][NPad] int8.</summary>
    public sbyte[] Rows8 => _rows8 ??= Pad<sbyte>(v => v);

    /// <summary>128·Σw over each chunk of each row, [L][Chunks].</summary>
    public int[] Correction
    {
        get
        {
            if (_correction is { } c) return c;
            c = new int[L * Chunks];
            for (int l = 0; l < L; l++)
            for (int k = 0; k < N; k++)
                c[l * Chunks + k / Chunk] += 128 * _w[l * N + k];
            return _correction = c;
        }
    }

    private T[] Pad<T>(Func<sbyte, T> convert)
    {
        var p = new T[L * NPad];
        for (int l = 0; l < L; l++)
        for (int k = 0; k < N; k++)
            p[l * NPad + k] = convert(_w[l * N + k]);
        return p;
    }

    /// <summary>Builds the layout <paramref name="path"/> reads, so that packing happens at load, not in the first run.</summary>
    public void Prepare(KernelPath path)
    {
        switch (path)
        {
            case KernelPath.Avx2 or KernelPath.Vector128: _ = Rows16; break;
            case KernelPath.AvxVnni: _ = Rows8; _ = Correction; break;
        }
    }
}
