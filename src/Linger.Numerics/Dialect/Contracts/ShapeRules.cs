namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>Shape arithmetic shared by op contracts (NCHW windows, broadcasting-free elementwise ops).</summary>
public static class ShapeRules
{
    /// <summary>
    /// Output size of a window along one axis, floor mode (the packer ignores ceil_mode):
    /// floor((in + padBegin + padEnd − dilation·(k − 1) − 1) / stride) + 1.
    /// </summary>
    /// <exception cref="LingerException">The padded input is smaller than the (dilated) window.</exception>
    public static int WindowOutput(NodeView v, int input, int kernel, int stride, int padBegin, int padEnd, int dilation, string axis)
    {
        long span = (long)input + padBegin + padEnd - (long)dilation * (kernel - 1) - 1;
        if (span < 0) throw v.Fail($"input {axis} {input} with pads {padBegin}+{padEnd} is smaller than the window {kernel}{(dilation > 1 ? $" (dilation {dilation})" : "")}.");
        return (int)(span / stride) + 1;
    }

    /// <summary>ONNX pads of a 2-D window op, [top, left, bottom, right] (2 values are taken as [h, w] on both sides).</summary>
    public static int[] Pads2d(AttributeSet a)
    {
        long[] p = a.Ints(AttributeNames.Pads, [0, 0, 0, 0]);
        if (p.Length == 2) p = [p[0], p[1], p[0], p[1]];
        if (p.Length != 4) throw new LingerException($"{a.Where}: attribute 'pads' must have 4 values [top, left, bottom, right], has {p.Length}.");
        if (p.Any(x => x < 0 || x > int.MaxValue)) throw new LingerException($"{a.Where}: attribute 'pads' = [{string.Join(", ", p)}] must not be negative.");
        return p.Select(x => (int)x).ToArray();
    }

    /// <summary>The output shape [N, C, OH, OW] of a 2-D window op over input 0 (kernel from <c>kernel_shape</c> unless given).</summary>
    public static int[] Window2d(NodeView v, int channels, int[]? kernel = null)
    {
        var x = v.RequireShape(0);
        if (x.Length != 4) throw v.Fail($"input 0 has shape [{Format(x)}] but must be 4-D [N, C, H, W].");
        var a = v.Attributes;
        var k = kernel ?? a.IntList(AttributeNames.KernelShape, 2, 1);
        var s = a.IntList(AttributeNames.Strides, 2, 1, [1, 1]);
        var d = a.IntList(AttributeNames.Dilations, 2, 1, [1, 1]);
        var p = Pads2d(a);
        return [x[0], channels, WindowOutput(v, x[2], k[0], s[0], p[0], p[2], d[0], "height"), WindowOutput(v, x[3], k[1], s[1], p[1], p[3], d[1], "width")];
    }

    /// <summary>Stride, pads [begin, end] and dilation of a 1-D window op (strides [s], pads [p] or [begin, end], dilations [d]).</summary>
    public static (int Stride, int[] Pads, int Dilation) Window1d(AttributeSet a)
    {
        int s = a.IntList(AttributeNames.Strides, 1, 1, [1])[0];
        int d = a.IntList(AttributeNames.Dilations, 1, 1, [1])[0];
        long[] p = a.Ints(AttributeNames.Pads, [0, 0]);
        if (p.Length == 1) p = [p[0], p[0]];
        if (p.Length != 2 || p.Any(x => x < 0 || x > int.MaxValue))
            throw new LingerException($"{a.Where}: attribute 'pads' = [{string.Join(", ", p)}] must be 2 non-negative values [begin, end].");
        return (s, [(int)p[0], (int)p[1]], d);
    }

    /// <summary>The shape of input 0, unchanged (elementwise and data-movement ops).</summary>
    public static int[][] SameAsInput0(NodeView v) => [v.RequireShape(0)];

    /// <summary>Formats a shape as "1, 3, 8, 8".</summary>
    public static string Format(IEnumerable<int> shape) => string.Join(", ", shape);
}
