using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>Max pooling on quantized data (exported as the standard <c>MaxPool</c> on int8): same scale, padding never wins.</summary>
public sealed class IqMaxPool2d : ScalePreserving
{
    /// <summary>Creates the module.</summary>
    public IqMaxPool2d(string name, long[] kernelSize, long[] stride, long[] padding, long[] dilation, bool ceilMode) : base(name)
    {
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        CeilMode = ceilMode;
    }

    /// <summary>Creates the quantized counterpart of a float MaxPool2d.</summary>
    public static IqMaxPool2d FromFloat(MaxPool2d pool)
        => new(pool.GetName(), pool.kernel_size, pool.stride ?? pool.kernel_size, pool.padding ?? new long[] { 0, 0 },
            pool.dilation ?? new long[] { 1, 1 }, pool.ceil_mode);

    /// <summary>Window (h, w).</summary>
    public long[] KernelSize { get; }

    /// <summary>Strides (h, w).</summary>
    public long[] Stride { get; }

    /// <summary>Padding (h, w) on both sides.</summary>
    public long[] Padding { get; }

    /// <summary>Dilation (h, w).</summary>
    public long[] Dilation { get; }

    /// <summary>Ceil mode for the output size.</summary>
    public bool CeilMode { get; }

    /// <inheritdoc />
    protected override Tensor Op(Tensor x) => nn.functional.max_pool2d(x, KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <summary>The attributes of its <c>MaxPool</c> node; Init checks them against the venus limits.</summary>
    internal Dictionary<string, object> NodeAttributes()
    {
        var a = Geometry.Window2d(KernelSize, Stride, Padding, ceilMode: false);
        // Written only when not 1, as linger does (MaxPool's default).
        if (Dilation.Any(d => d != 1)) a[Numerics.Dialect.AttributeNames.Dilations] = Dilation.ToArray();
        return a;
    }
}
