using LingerNet.Modules;
using LingerNet.Quantization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Surgery;

/// <summary>
/// Which float module becomes which quantized module, and which layer configurations the venus
/// chip cannot run (linger-spec §3.1, chip-facts.md): those are refused with the module's path.
/// </summary>
internal static class QuantizedReplacements
{
    /// <summary>True when Init knows a quantized form of this module type.</summary>
    public static bool IsSupported(nn.Module m)
        => m is Conv2d or Linear or BatchNorm2d or ReLU or MaxPool2d or AvgPool2d or Flatten or Dropout;

    /// <summary>The quantized replacement of <paramref name="m"/>, or the reasons it cannot be made.</summary>
    public static (nn.Module? Replacement, List<string> Problems) Create(nn.Module m, string path, ModuleQuantConfig config, LingerOptions options)
    {
        var problems = new List<string>();
        nn.Module? r = null;
        switch (m)
        {
            case Conv2d c:
                if (c.padding_mode != TorchSharp.PaddingModes.Zeros) problems.Add($"'{path}' (Conv2d): padding mode {c.padding_mode} is not supported; only zero padding.");
                if (c.padding is null) problems.Add($"'{path}' (Conv2d): padding given as '{c.padding_type}' is not supported; give explicit padding.");
                if (options.CheckVenusLimits && c.padding is not null)
                {
                    var k = new[] { c.weight!.shape[2], c.weight.shape[3] };
                    for (int d = 0; d < 2; d++)
                    {
                        string axis = d == 0 ? "height" : "width";
                        if (k[d] < 1 || k[d] > 5) problems.Add($"'{path}' (Conv2d): kernel {axis} {k[d]} is outside venus's 1..5.");
                        if (c.stride![d] is not (1 or 2 or 4)) problems.Add($"'{path}' (Conv2d): stride {c.stride[d]} is not 1, 2 or 4 (venus).");
                        if (c.padding[d] > 4) problems.Add($"'{path}' (Conv2d): padding {c.padding[d]} exceeds venus's 4.");
                        if (k[d] < c.stride![d]) problems.Add($"'{path}' (Conv2d): kernel {axis} {k[d]} is smaller than its stride {c.stride[d]} (venus).");
                        if (c.padding[d] >= k[d]) problems.Add($"'{path}' (Conv2d): padding {c.padding[d]} must be smaller than the kernel {k[d]} (venus).");
                        if (c.dilation![d] != 1) problems.Add($"'{path}' (Conv2d): dilation {c.dilation[d]} is rejected by venus.");
                    }
                }
                if (problems.Count == 0) r = Conv2dInt.FromFloat(c, config);
                break;
            case Linear l:
                r = LinearInt.FromFloat(l, config);
                break;
            case BatchNorm2d bn:
                if (!bn.track_running_stats || bn.running_mean is null) problems.Add($"'{path}' (BatchNorm2d): needs track_running_stats = true (eval folds the running statistics).");
                else r = BatchNorm2dInt.FromFloat(bn, config);
                break;
            case ReLU:
                r = new IqRelu(m.GetName());
                break;
            case MaxPool2d mp:
                if (mp.ceil_mode) problems.Add($"'{path}' (MaxPool2d): ceil_mode is ignored by the venus packer (floor shapes); use ceil_mode = false.");
                if (mp.dilation is not null && mp.dilation.Any(d => d != 1)) problems.Add($"'{path}' (MaxPool2d): dilation is not supported.");
                if (problems.Count == 0) r = IqMaxPool2d.FromFloat(mp);
                break;
            case AvgPool2d ap:
                if (ap.ceil_mode) problems.Add($"'{path}' (AvgPool2d): ceil_mode is ignored by the venus packer (floor shapes); use ceil_mode = false.");
                if (ap.divisor_override is not null) problems.Add($"'{path}' (AvgPool2d): divisor_override is not supported; the chip divides by the window area.");
                if (problems.Count == 0) r = AvgPool2dInt.FromFloat(ap, path);
                break;
            case Flatten f:
                r = IqFlatten.FromFloat(f);
                break;
            case Dropout:
                // linger disables dropout after init: scaled kept values would leave the integer grid.
                r = new IqIdentity(m.GetName());
                break;
        }
        r?.train(m.training);
        return (r, problems);
    }
}
