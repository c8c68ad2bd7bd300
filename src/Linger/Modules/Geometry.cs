using LingerNet.Numerics.Dialect;

namespace LingerNet.Modules;

/// <summary>The ONNX geometry attributes of window ops, built once for export and for Init's venus checks.</summary>
internal static class Geometry
{
    /// <summary>kernel_shape, strides, pads [top, left, bottom, right] (and ceil_mode 0) of a 2-D window.</summary>
    public static Dictionary<string, object> Window2d(long[] kernel, long[] stride, long[] padding, bool ceilMode)
        => new()
        {
            [AttributeNames.KernelShape] = kernel.ToArray(),
            [AttributeNames.Strides] = stride.ToArray(),
            [AttributeNames.Pads] = new[] { padding[0], padding[1], padding[0], padding[1] },
            [AttributeNames.CeilMode] = ceilMode ? 1L : 0L,
        };

    /// <summary>A convolution's geometry: window attributes plus dilations and group.</summary>
    public static Dictionary<string, object> Conv2d(long[] kernel, long[] stride, long[] padding, long[] dilation, long groups)
    {
        var a = Window2d(kernel, stride, padding, ceilMode: false);
        a.Remove(AttributeNames.CeilMode);
        a[AttributeNames.Dilations] = dilation.ToArray();
        a[AttributeNames.Group] = groups;
        return a;
    }
}
