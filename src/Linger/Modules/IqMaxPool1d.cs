using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Max pooling over [N, C, L] on quantized data (linger 3's MaxPool1d): like <see cref="AvgPool1dInt"/>
/// it runs as a 2-D window [k, 1] over [N, C, L, 1] (Reshape → MaxPool → Reshape in the export), so the
/// runtime's and the chip's 2-D MaxPool and its venus rules apply unchanged.
/// </summary>
public sealed class IqMaxPool1d : nn.Module<Tensor, Tensor>, Quantization.IQuantizedModule
{
    /// <summary>[N, C, L] → [N, C, L, 1].</summary>
    public IqReshape unsqueeze;

    /// <summary>The 2-D max pool with window [k, 1].</summary>
    public IqMaxPool2d pool;

    /// <summary>[N, C, OL, 1] → [N, C, OL].</summary>
    public IqReshape squeeze;

    /// <summary>Creates the module.</summary>
    public IqMaxPool1d(string name, long kernelSize, long stride, long padding, long dilation) : base(name)
    {
        unsqueeze = new IqReshape("unsqueeze", s => [.. s, 1]);
        pool = new IqMaxPool2d("pool", [kernelSize, 1], [stride, 1], [padding, 0], [dilation, 1], ceilMode: false);
        squeeze = new IqReshape("squeeze", s => s[..^1]);
        RegisterComponents();
    }

    /// <summary>Creates the quantized counterpart of a float MaxPool1d (ceil_mode is refused by Init).</summary>
    public static IqMaxPool1d FromFloat(MaxPool1d p)
        => new(p.GetName(), p.kernel_size, p.stride ?? p.kernel_size, p.padding ?? 0, p.dilation ?? 1);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 3) throw new LingerException($"IqMaxPool1d '{GetName()}': input has shape [{string.Join(", ", input.shape)}] but must be [N, C, L].");
        return squeeze.call(pool.call(unsqueeze.call(input)));
    }
}
