using LingerNet.Constraint;
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
        => m is Conv2d or Linear or BatchNorm2d or ReLU or MaxPool2d or AvgPool2d or Flatten or Dropout
           or ConvBn2d or ConstrainedConv2d or ConstrainedLinear or ConstrainedBatchNorm2d or EmptyBatchNorm;

    /// <summary>The quantized replacement of <paramref name="m"/>, or the reasons it cannot be made.</summary>
    public static (nn.Module? Replacement, List<string> Problems) Create(nn.Module m, string path, ModuleQuantConfig config, LingerOptions options)
    {
        var problems = new List<string>();
        nn.Module? r = null;
        switch (m)
        {
            case Conv2d c:
                CheckConv(c, path, "Conv2d", options, problems);
                if (problems.Count == 0) r = Conv2dInt.FromFloat(c, config);
                break;
            case ConvBn2d cb:
                CheckConv(cb.Conv, path, "Conv2d fused with BatchNorm2d", options, problems);
                if (problems.Count == 0) r = cb.ToQuantized(config);
                break;
            case ConstrainedConv2d cc:
                CheckConv(cc.Conv, path, "Conv2d", options, problems);
                if (problems.Count == 0) r = Conv2dInt.FromFloat(cc.Conv, config);
                break;
            case ConstrainedLinear cl:
                r = LinearInt.FromFloat(cl.Linear, config);
                break;
            case ConstrainedBatchNorm2d cbn:
                r = BatchNorm2dInt.FromFloat(cbn.BatchNorm, config);
                ((BatchNorm2dInt)r).Momentum = cbn.Momentum;
                break;
            case EmptyBatchNorm e:
                // Folded only together with its conv: if the conv stays float it still needs the BN's parameters.
                if (!Linger.IsQuantDisabled(e.Owner)) r = new FoldedBatchNorm(e.GetName(), e.Owner);
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
                if (problems.Count == 0) r = AvgPool2dInt.FromFloat(ap, config);
                break;
            case Flatten f:
                r = IqFlatten.FromFloat(f);
                break;
            case Dropout:
                // linger disables dropout after init: scaled kept values would leave the integer grid.
                r = new IqIdentity(m.GetName());
                break;
        }
        if (r is QuantizedLayer ql)
        {
            // Stage 1 → stage 2: clamps and ahead_relu found by Linger.Constrain carry over.
            if (m is IConstrainedModule cm)
            {
                ql.ClampWeight = cm.Bounds.Weight;
                ql.ClampBias = cm.Bounds.Bias;
                ql.ClampOutput = cm.Bounds.Output;
                ql.AheadRelu = cm.AheadRelu;
            }
            else if (Linger.IsMarkedAheadRelu(m)) ql.AheadRelu = true;
        }
        r?.train(m.training);
        return (r, problems);
    }

    private static void CheckConv(Conv2d c, string path, string what, LingerOptions options, List<string> problems)
    {
        if (c.padding_mode != TorchSharp.PaddingModes.Zeros) problems.Add($"'{path}' ({what}): padding mode {c.padding_mode} is not supported; only zero padding.");
        if (c.padding is null) problems.Add($"'{path}' ({what}): padding given as '{c.padding_type}' is not supported; give explicit padding.");
        if (options.CheckVenusLimits && c.padding is not null)
        {
            var k = new[] { c.weight!.shape[2], c.weight.shape[3] };
            for (int d = 0; d < 2; d++)
            {
                string axis = d == 0 ? "height" : "width";
                if (k[d] < 1 || k[d] > 5) problems.Add($"'{path}' ({what}): kernel {axis} {k[d]} is outside venus's 1..5.");
                if (c.stride![d] is not (1 or 2 or 4)) problems.Add($"'{path}' ({what}): stride {c.stride[d]} is not 1, 2 or 4 (venus).");
                if (c.padding[d] > 4) problems.Add($"'{path}' ({what}): padding {c.padding[d]} exceeds venus's 4.");
                if (k[d] < c.stride![d]) problems.Add($"'{path}' ({what}): kernel {axis} {k[d]} is smaller than its stride {c.stride[d]} (venus).");
                if (c.padding[d] >= k[d]) problems.Add($"'{path}' ({what}): padding {c.padding[d]} must be smaller than the kernel {k[d]} (venus).");
                if (c.dilation![d] != 1) problems.Add($"'{path}' ({what}): dilation {c.dilation[d]} is rejected by venus.");
            }
        }
    }
}
