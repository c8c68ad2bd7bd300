using LingerNet.Quantization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized 1-D average pooling (linger 3's AvgPool1d). The thinker dialect has no 1-D average pool, so
/// it runs as the chip runs Conv1dInt: [N, C, L] is reshaped to [N, C, L, 1], pooled by an
/// <see cref="AvgPool2dInt"/> with window [k, 1], and reshaped back; the export is Reshape → AvgPool2dInt → Reshape,
/// and every venus rule of AvgPool2dInt applies to the window [k, 1].
/// </summary>
public sealed class AvgPool1dInt : nn.Module<Tensor, Tensor>, IQuantizedModule
{
    /// <summary>[N, C, L] → [N, C, L, 1].</summary>
    public IqReshape unsqueeze;

    /// <summary>The 2-D pool with window [k, 1].</summary>
    public AvgPool2dInt pool;

    /// <summary>[N, C, OL, 1] → [N, C, OL].</summary>
    public IqReshape squeeze;

    /// <summary>Creates the module.</summary>
    public AvgPool1dInt(string name, long kernelSize, long stride, long padding, ModuleQuantConfig config) : base(name)
    {
        unsqueeze = new IqReshape("unsqueeze", s => [.. s, 1]);
        pool = new AvgPool2dInt("pool", [kernelSize, 1], [stride, 1], [padding, 0], config);
        squeeze = new IqReshape("squeeze", s => s[..^1]);
        RegisterComponents();
    }

    /// <summary>Creates the quantized counterpart of a float AvgPool1d.</summary>
    public static AvgPool1dInt FromFloat(AvgPool1d p, ModuleQuantConfig config)
        => new(p.GetName(), p.kernel_size, p.stride ?? p.kernel_size, p.padding ?? 0, config);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 3) throw new LingerException($"AvgPool1dInt '{GetName()}': input has shape [{string.Join(", ", input.shape)}] but must be [N, C, L].");
        return squeeze.call(pool.call(unsqueeze.call(input)));
    }
}
