using LingerNet.Constraint;
using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Surgery;

/// <summary>
/// Which float module becomes which quantized module: one rule per float type, looked up by exact type.
/// Each rule honours every option of the float module or refuses it (with the module's path and what to
/// change), and checks the node the module will export against the venus rules. Adding a layer to Init
/// means writing its rule and adding its line here.
/// </summary>
internal static class QuantizedReplacements
{
    private delegate nn.Module? Rule(nn.Module module, ReplacementContext context);

    private static readonly Dictionary<Type, Rule> s_rules = new()
    {
        [typeof(Conv2d)] = (m, c) => Conv((Conv2d)m, c, "Conv2d", conv => Conv2dInt.FromFloat(conv, c.Config)),
        [typeof(ConvBn2d)] = (m, c) => Conv(((ConvBn2d)m).Conv, c, "Conv2d fused with BatchNorm2d", _ => ((ConvBn2d)m).ToQuantized(c.Config)),
        [typeof(ConstrainedConv2d)] = (m, c) => Conv(((ConstrainedConv2d)m).Conv, c, "Conv2d", conv => Conv2dInt.FromFloat(conv, c.Config)),
        [typeof(Linear)] = (m, c) => Layer(c, "Linear", () => LinearInt.FromFloat((Linear)m, c.Config)),
        [typeof(ConstrainedLinear)] = (m, c) => Layer(c, "Linear", () => LinearInt.FromFloat(((ConstrainedLinear)m).Linear, c.Config)),
        [typeof(BatchNorm2d)] = (m, c) => BatchNorm((BatchNorm2d)m, c, null),
        [typeof(ConstrainedBatchNorm2d)] = (m, c) => BatchNorm(((ConstrainedBatchNorm2d)m).BatchNorm, c, ((ConstrainedBatchNorm2d)m).Momentum),
        // Folded only together with its conv: if the conv stays float it still needs the BN's parameters.
        [typeof(EmptyBatchNorm)] = (m, _) => Linger.IsQuantDisabled(((EmptyBatchNorm)m).Owner) ? null : new FoldedBatchNorm(m.GetName(), ((EmptyBatchNorm)m).Owner),
        [typeof(ReLU)] = (m, _) => new IqRelu(m.GetName()),
        [typeof(MaxPool2d)] = (m, c) => MaxPool((MaxPool2d)m, c),
        [typeof(AvgPool2d)] = (m, c) => AvgPool((AvgPool2d)m, c),
        [typeof(Flatten)] = (m, _) => IqFlatten.FromFloat((Flatten)m),
        // linger disables dropout after init: scaled kept values would leave the integer grid.
        [typeof(Dropout)] = (m, _) => new IqIdentity(m.GetName()),
        [typeof(Identity)] = (m, _) => new IqIdentity(m.GetName()),
        [typeof(LayerNorm)] = (m, c) => LayerNormReplacement.Create((LayerNorm)m, c),
        [typeof(ConstrainedLayerNorm)] = (m, c) => LayerNormReplacement.Create((ConstrainedLayerNorm)m, c),
    };

    /// <summary>True when Init knows a quantized form of this module type.</summary>
    public static bool IsSupported(nn.Module m) => s_rules.ContainsKey(m.GetType());

    /// <summary>The float module types Init replaces (for messages and the op table).</summary>
    public static IEnumerable<string> SupportedTypeNames => s_rules.Keys.Where(t => t.Namespace?.StartsWith("TorchSharp", StringComparison.Ordinal) == true).Select(t => t.Name).Order(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="m"/> is a leaf that computes something but has no quantized form: a TorchSharp
    /// built-in (other than a container), or a user module that owns parameters directly. Init refuses those
    /// rather than leave them silently in float.
    /// </summary>
    public static bool IsUnsupportedLeaf(nn.Module m)
    {
        if (IsSupported(m) || m.children().Any()) return false;
        var t = m.GetType();
        if (t.Namespace?.StartsWith("TorchSharp", StringComparison.Ordinal) == true)
            return !(t.IsGenericType && (t.Name.StartsWith("ModuleList", StringComparison.Ordinal) || t.Name.StartsWith("ModuleDict", StringComparison.Ordinal) || t.Name.StartsWith("ParameterList", StringComparison.Ordinal) || t.Name.StartsWith("ParameterDict", StringComparison.Ordinal)))
                   && m is not Sequential;
        return m.named_parameters(recurse: false).Any();
    }

    /// <summary>The quantized replacement of <paramref name="m"/>, or the reasons it cannot be made.</summary>
    public static (nn.Module? Replacement, List<string> Problems) Create(nn.Module m, ReplacementContext context)
    {
        var r = s_rules[m.GetType()](m, context);
        if (context.Problems.Count > 0) return (null, context.Problems);
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
        return (r, context.Problems);
    }

    private static nn.Module? Layer(ReplacementContext c, string what, Func<nn.Module> make)
    {
        c.RequireLayerOutputBits(what);
        return c.Problems.Count == 0 ? make() : null;
    }

    private static nn.Module? Conv(Conv2d conv, ReplacementContext c, string what, Func<Conv2d, nn.Module> make)
    {
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros) c.Refuse(what, $"padding mode {conv.padding_mode} is not supported; only zero padding.");
        if (conv.padding is null) c.Refuse(what, $"padding given as '{conv.padding_type}' is not supported; give explicit padding.");
        c.RequireLayerOutputBits(what);
        if (c.Problems.Count > 0) return null;
        c.CheckVenus(what, OpTypes.Conv2dInt, Geometry.Conv2d([conv.weight!.shape[2], conv.weight.shape[3]], conv.stride!, conv.padding!, conv.dilation!, conv.groups));
        return c.Problems.Count == 0 ? make(conv) : null;
    }

    private static nn.Module? BatchNorm(BatchNorm2d bn, ReplacementContext c, double? momentum)
    {
        if (!bn.track_running_stats || bn.running_mean is null)
            c.Refuse("BatchNorm2d", "needs track_running_stats = true (eval folds the running statistics).");
        if (bn.momentum is null)
            c.Refuse("BatchNorm2d", "momentum = null (a cumulative average) is not supported; give a momentum such as 0.1.");
        c.RequireInt8OrFloatOutput("BatchNorm2d");
        if (c.Problems.Count > 0) return null;
        var q = BatchNorm2dInt.FromFloat(bn, c.Config);
        if (momentum is double mo) q.Momentum = mo;
        return q;
    }

    private static nn.Module? MaxPool(MaxPool2d mp, ReplacementContext c)
    {
        if (mp.ceil_mode) c.Refuse("MaxPool2d", "ceil_mode is ignored by the venus packer (floor shapes); use ceil_mode = false.");
        if (c.Problems.Count > 0) return null;
        var q = IqMaxPool2d.FromFloat(mp);
        c.CheckVenus("MaxPool2d", OpTypes.MaxPool, q.NodeAttributes());
        return c.Problems.Count == 0 ? q : null;
    }

    private static nn.Module? AvgPool(AvgPool2d ap, ReplacementContext c)
    {
        if (ap.ceil_mode) c.Refuse("AvgPool2d", "ceil_mode is ignored by the venus packer (floor shapes); use ceil_mode = false.");
        if (ap.divisor_override is not null) c.Refuse("AvgPool2d", "divisor_override is not supported; the chip divides by the window area.");
        bool padded = ap.padding is { } p && p.Any(x => x != 0);
        if (!ap.count_include_pad && padded)
            c.Refuse("AvgPool2d", "count_include_pad = false with padding is not supported: the chip always divides by the full window area kh·kw. Use count_include_pad = true, or no padding.");
        if (c.Problems.Count > 0) return null;
        var q = AvgPool2dInt.FromFloat(ap, c.Config);
        c.CheckVenus("AvgPool2d", OpTypes.AvgPool2dInt, q.NodeAttributes());
        return c.Problems.Count == 0 ? q : null;
    }
}
