namespace LingerNet.Runtime.Kernels;

/// <summary>
/// Data movement as index maps: for every output element, the flat index of the input element it copies
/// (−1: a constant fill). Transpose, Slice, Gather, Split, Pad and ShuffleChannel are each one map plus
/// <see cref="Take"/>, for any element type.
/// </summary>
internal static class IndexMap
{
    public static int[] Strides(int[] shape)
    {
        var s = new int[shape.Length];
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    /// <summary>Builds a map over the output shape: <paramref name="source"/> turns output coordinates into an input flat index.</summary>
    public static int[] Build(int[] outShape, Func<int[], int> source)
    {
        int n = 1;
        foreach (var d in outShape) n *= d;
        var map = new int[n];
        var c = new int[outShape.Length];
        for (int i = 0; i < n; i++)
        {
            map[i] = source(c);
            for (int k = c.Length - 1; k >= 0; k--)
            {
                if (++c[k] < outShape[k]) break;
                c[k] = 0;
            }
        }
        return map;
    }

    public static int[] Transpose(int[] inShape, int[] perm)
    {
        var st = Strides(inShape);
        var outShape = perm.Select(p => inShape[p]).ToArray();
        return Build(outShape, c => { int s = 0; for (int k = 0; k < c.Length; k++) s += c[k] * st[perm[k]]; return s; });
    }

    public static int[] Slice(int[] inShape, int[] start, int[] step, int[] outShape)
    {
        var st = Strides(inShape);
        return Build(outShape, c => { int s = 0; for (int k = 0; k < c.Length; k++) s += (start[k] + c[k] * step[k]) * st[k]; return s; });
    }

    public static int[] Gather(int[] inShape, int axis, long[] indices, int[] outShape, int indexRank)
    {
        var st = Strides(inShape);
        var ist = Strides(outShape.Skip(axis).Take(indexRank).ToArray());
        return Build(outShape, c =>
        {
            int s = 0;
            for (int k = 0; k < axis; k++) s += c[k] * st[k];
            int flat = 0;
            for (int k = 0; k < indexRank; k++) flat += c[axis + k] * ist[k];
            long idx = indices[flat];
            if (idx < 0) idx += inShape[axis];
            s += (int)idx * st[axis];
            for (int k = axis + 1; k < inShape.Length; k++) s += c[k + indexRank - 1] * st[k];
            return s;
        });
    }

    /// <summary>ONNX pads [begins..., ends...]; mode constant (−1 entries), reflect (no edge repeat) or edge.</summary>
    public static int[] Pad(int[] inShape, long[] pads, string mode, int[] outShape)
    {
        var st = Strides(inShape);
        return Build(outShape, c =>
        {
            int s = 0;
            for (int k = 0; k < c.Length; k++)
            {
                long i = c[k] - pads[k];
                int n = inShape[k];
                if (i < 0 || i >= n)
                {
                    if (mode == "constant") return -1;
                    if (mode == "edge") i = i < 0 ? 0 : n - 1;
                    else
                    {
                        int period = 2 * (n - 1);
                        if (period == 0) i = 0;
                        else { i = ((i % period) + period) % period; if (i >= n) i = period - i; }
                    }
                }
                s += (int)i * st[k];
            }
            return s;
        });
    }

    public static int[] ShuffleChannel(int[] shape, int groups)
    {
        int c = shape[1], perGroup = c / groups;
        var st = Strides(shape);
        // output channel j = k·g + gi reads input channel gi·(C/g) + k
        return Build(shape, co =>
        {
            int j = co[1];
            int src = (j % groups) * perGroup + j / groups;
            int s = 0;
            for (int k = 0; k < co.Length; k++) s += (k == 1 ? src : co[k]) * st[k];
            return s;
        });
    }

    /// <summary>Copies <paramref name="source"/> through <paramref name="map"/>; −1 entries get <paramref name="fill"/>.</summary>
    public static Array Take(Array source, int[] map, long fill = 0) => source switch
    {
        sbyte[] a => TakeOf(a, map, (sbyte)fill),
        short[] a => TakeOf(a, map, (short)fill),
        int[] a => TakeOf(a, map, (int)fill),
        long[] a => TakeOf(a, map, fill),
        float[] a => TakeOf(a, map, fill),
        _ => throw new InvalidOperationException($"unsupported element type {source.GetType().Name}"),
    };

    private static T[] TakeOf<T>(T[] a, int[] map, T fill)
    {
        var y = new T[map.Length];
        for (int i = 0; i < y.Length; i++) y[i] = map[i] < 0 ? fill : a[map[i]];
        return y;
    }
}
