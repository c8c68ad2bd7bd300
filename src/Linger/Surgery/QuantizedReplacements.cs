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
        [typeof(ConvBn1d)] = (m, c) => Conv1(((ConvBn1d)m).Conv, c, "Conv1d fused with BatchNorm1d", _ => ((ConvBn1d)m).ToQuantized(c.Config)),
        [typeof(ConstrainedConv1d)] = (m, c) => Conv1(((ConstrainedConv1d)m).Conv, c, "Conv1d", conv => Conv1dInt.FromFloat(conv, c.Config)),
        [typeof(ConstrainedConv2d)] = (m, c) => Conv(((ConstrainedConv2d)m).Conv, c, "Conv2d", conv => Conv2dInt.FromFloat(conv, c.Config)),
        [typeof(Conv1d)] = (m, c) => Conv1((Conv1d)m, c, "Conv1d", conv => Conv1dInt.FromFloat(conv, c.Config)),
        [typeof(ConvTranspose2d)] = (m, c) => ConvTranspose((ConvTranspose2d)m, c, "ConvTranspose2d", conv => ConvTranspose2dInt.FromFloat(conv, c.Config)),
        [typeof(ConvTransposeBn2d)] = (m, c) => ConvTranspose(((ConvTransposeBn2d)m).Conv, c, "ConvTranspose2d fused with BatchNorm2d", _ => ((ConvTransposeBn2d)m).ToQuantized(c.Config)),
        [typeof(ConstrainedConvTranspose2d)] = (m, c) => ConvTranspose(((ConstrainedConvTranspose2d)m).Conv, c, "ConvTranspose2d", conv => ConvTranspose2dInt.FromFloat(conv, c.Config)),
        // TorchSharp keeps padding_idx, max_norm, scale_grad_by_freq and sparse inside the native module
        // (not readable from C#): the table is used as is; see docs/quantization.md.
        [typeof(Embedding)] = (m, c) =>
        {
            if (c.Config.OutBits != 8) c.Refuse("Embedding", $"output bits {c.Config.OutBits?.ToString() ?? "null (float)"} are not supported: the output is the int8 table rows at scale_w. Use outBits 8.");
            return c.Problems.Count == 0 ? EmbeddingInt.FromFloat((Embedding)m, c.Config) : null;
        },
        [typeof(ConvTranspose1d)] = (m, c) => ConvTranspose1((ConvTranspose1d)m, c),
        [typeof(Linear)] = (m, c) => Layer(c, "Linear", () => LinearInt.FromFloat((Linear)m, c.Config)),
        [typeof(ConstrainedLinear)] = (m, c) => Layer(c, "Linear", () => LinearInt.FromFloat(((ConstrainedLinear)m).Linear, c.Config)),
        [typeof(BatchNorm2d)] = (m, c) => BatchNorm((BatchNorm2d)m, c, null, "BatchNorm2d", () => BatchNorm2dInt.FromFloat((BatchNorm2d)m, c.Config)),
        [typeof(ConstrainedBatchNorm2d)] = (m, c) => BatchNorm(((ConstrainedBatchNorm2d)m).BatchNorm, c, ((ConstrainedBatchNorm2d)m).Momentum, "BatchNorm2d", () => BatchNorm2dInt.FromFloat((BatchNorm2d)((ConstrainedBatchNorm2d)m).BatchNorm, c.Config)),
        [typeof(BatchNorm1d)] = (m, c) => BatchNorm((BatchNorm1d)m, c, null, "BatchNorm1d", () => BatchNorm2dInt.FromFloat((BatchNorm1d)m, c.Config)),
        // Folded only together with its conv: if the conv stays float it still needs the BN's parameters.
        [typeof(EmptyBatchNorm)] = (m, _) => Linger.IsQuantDisabled((nn.Module)((EmptyBatchNorm)m).Owner) ? null : new FoldedBatchNorm(m.GetName(), ((EmptyBatchNorm)m).Owner),
        [typeof(ReLU)] = (m, _) => new IqRelu(m.GetName()),
        // Init accepts ReLU6 for venus: whether the chip can run it depends on the input scale (known at
        // export), where it is a plain Relu when max_q = 127 and otherwise refused by Clip's venus rule.
        [typeof(ReLU6)] = (m, _) => new IqRelu6(m.GetName()),
        [typeof(MaxPool2d)] = (m, c) => MaxPool((MaxPool2d)m, c),
        [typeof(AvgPool2d)] = (m, c) => AvgPool((AvgPool2d)m, c),
        [typeof(AvgPool1d)] = (m, c) => AvgPool1((AvgPool1d)m, c),
        [typeof(MaxPool1d)] = (m, c) => MaxPool1((MaxPool1d)m, c),
        [typeof(AdaptiveAvgPool2d)] = (m, c) => GlobalAvgPool((AdaptiveAvgPool2d)m, c),
        [typeof(Flatten)] = (m, _) => IqFlatten.FromFloat((Flatten)m),
        // linger disables dropout after init: scaled kept values would leave the integer grid.
        [typeof(Dropout)] = (m, _) => new IqIdentity(m.GetName()),
        [typeof(Identity)] = (m, _) => new IqIdentity(m.GetName()),
        [typeof(LayerNorm)] = (m, c) => LayerNormReplacement.Create((LayerNorm)m, c),
        [typeof(Sigmoid)] = (m, c) => Enabled(new Nn.Sigmoid(m.GetName()), c),
        [typeof(Tanh)] = (m, c) => Enabled(new Nn.Tanh(m.GetName()), c),
        [typeof(GRU)] = (m, c) => Recurrent(c, "GRU", () => GRUInt.FromFloat((GRU)m, c.Path)),
        [typeof(LSTM)] = (m, c) => Recurrent(c, "LSTM", () => LSTMInt.FromFloat((LSTM)m, c.Path)),
        [typeof(ConstrainedGRU)] = (m, c) => Recurrent(c, "GRU", () =>
            GRUInt.FromFloat(((ConstrainedGRU)m).Gru, c.Path) is var q ? Bounded(q, ((ConstrainedGRU)m).Bounds) : null!),
        [typeof(ConstrainedLSTM)] = (m, c) => Recurrent(c, "LSTM", () =>
            LSTMInt.FromFloat(((ConstrainedLSTM)m).Lstm, c.Path) is var q ? Bounded(q, ((ConstrainedLSTM)m).Bounds) : null!),
        [typeof(Softmax)] = (m, c) => RowSoftmax(new Nn.Softmax(((Softmax)m).dim, m.GetName()), c, "Softmax"),
        [typeof(LogSoftmax)] = (m, c) => RowSoftmax(new Nn.LogSoftmax(((LogSoftmax)m).dim, m.GetName()), c, "LogSoftmax"),
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

    /// <summary>A Linger.Nn op put in place of a float module: Init's op pass has already run over the originals, so it is switched on here.</summary>
    private static nn.Module Enabled<TOp>(TOp op, ReplacementContext c) where TOp : nn.Module, Nn.ILingerOp
    {
        op.EnableQuant(c.Config);
        return op;
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

    private static nn.Module? Conv1(Conv1d conv, ReplacementContext c, string what, Func<Conv1d, nn.Module> make)
    {
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros) c.Refuse(what, $"padding mode {conv.padding_mode} is not supported; only zero padding.");
        if (conv.padding is null) c.Refuse(what, $"padding given as '{conv.padding_type}' is not supported; give explicit padding.");
        c.RequireInt8OrFloatOutput(what);
        if (c.Problems.Count > 0) return null;
        var w = conv.weight!.shape.Select(d => (int)d).ToArray();
        c.CheckVenus(what, OpTypes.Conv1dInt, Conv1dInt.Geometry1d(w[2], conv.stride![0], conv.padding![0], conv.dilation![0], conv.groups), [null, w]);
        return c.Problems.Count == 0 ? make(conv) : null;
    }

    private static nn.Module? BatchNorm(BatchNorm bn, ReplacementContext c, double? momentum, string what, Func<BatchNorm2dInt> make)
    {
        if (!bn.track_running_stats || bn.running_mean is null)
            c.Refuse(what, "needs track_running_stats = true (eval folds the running statistics).");
        if (bn.momentum is null)
            c.Refuse(what, "momentum = null (a cumulative average) is not supported; give a momentum such as 0.1.");
        c.RequireInt8OrFloatOutput(what);
        if (c.Problems.Count > 0) return null;
        var q = make();
        if (momentum is double mo) q.Momentum = mo;
        return q;
    }

    private static nn.Module? Recurrent(ReplacementContext c, string what, Func<nn.Module> make)
    {
        if (c.Config.DataBits != 8 || c.Config.ParameterBits != 8 || c.Config.OutBits is not 8)
            c.Refuse(what, $"needs 8-bit data, weights and output (data {c.Config.DataBits}, weights {c.Config.ParameterBits}, output {c.Config.OutBits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "float"}): GRUInt/LSTMInt run int8 gates on int8 states.");
        return c.Problems.Count == 0 ? make() : null;
    }

    /// <summary>Stage 1 → stage 2: the constraint clamps carry over to the recurrent layer.</summary>
    private static nn.Module Bounded(GRUInt q, ConstraintBounds b)
    {
        (q.ClampWeight, q.ClampBias, q.ClampOutput) = (b.Weight, b.Bias, b.Output);
        return q;
    }

    private static nn.Module Bounded(LSTMInt q, ConstraintBounds b)
    {
        (q.ClampWeight, q.ClampBias, q.ClampOutput) = (b.Weight, b.Bias, b.Output);
        return q;
    }

    private static nn.Module? RowSoftmax(Nn.RowSoftmaxOp op, ReplacementContext c, string what)
    {
        if (c.Config.DataBits != 8 || c.Config.OutBits is not 8)
            c.Refuse(what, $"needs 8-bit input and output (data bits {c.Config.DataBits}, output bits {c.Config.OutBits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "float"}); SoftmaxInt/LogSoftmaxInt take and give int8.");
        if (c.Problems.Count > 0) return null;
        op.EnableQuant(c.Config);
        return op;
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

    private static nn.Module? AvgPool1(AvgPool1d ap, ReplacementContext c)
    {
        if (ap.ceil_mode) c.Refuse("AvgPool1d", "ceil_mode is ignored by the venus packer (floor shapes); use ceil_mode = false.");
        if (!ap.count_include_pad && ap.padding is > 0)
            c.Refuse("AvgPool1d", "count_include_pad = false with padding is not supported: the chip always divides by the full window k. Use count_include_pad = true, or no padding.");
        if (c.Problems.Count > 0) return null;
        var q = AvgPool1dInt.FromFloat(ap, c.Config);
        c.CheckVenus("AvgPool1d, run as a [k, 1] window", OpTypes.AvgPool2dInt, q.pool.NodeAttributes());
        return c.Problems.Count == 0 ? q : null;
    }

    private static nn.Module? MaxPool1(MaxPool1d mp, ReplacementContext c)
    {
        if (mp.ceil_mode) c.Refuse("MaxPool1d", "ceil_mode is ignored by the venus packer (floor shapes); use ceil_mode = false.");
        if (c.Problems.Count > 0) return null;
        var q = IqMaxPool1d.FromFloat(mp);
        c.CheckVenus("MaxPool1d, run as a [k, 1] window", OpTypes.MaxPool, q.pool.NodeAttributes());
        return c.Problems.Count == 0 ? q : null;
    }

    private static nn.Module? GlobalAvgPool(AdaptiveAvgPool2d ap, ReplacementContext c)
    {
        // Only the global average has a fixed-window form; other output sizes have input-dependent windows.
        if (ap.output_size is null || ap.output_size.Any(s => s != 1))
            c.Refuse("AdaptiveAvgPool2d", $"output size [{string.Join(", ", ap.output_size ?? [])}] is not supported; only AdaptiveAvgPool2d(1), the global average, becomes AvgPool2dInt. Use an AvgPool2d with a fixed window.");
        return c.Problems.Count == 0 ? AvgPool2dInt.Global(c.Path, c.Config) : null;
    }

    private static nn.Module? ConvTranspose(ConvTranspose2d conv, ReplacementContext c, string what, Func<ConvTranspose2d, nn.Module> make)
    {
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros) c.Refuse(what, $"padding mode {conv.padding_mode} is not supported; only zero padding.");
        if (conv.padding is null) c.Refuse(what, $"padding given as '{conv.padding_type}' is not supported; give explicit padding.");
        c.RequireInt8OrFloatOutput(what);
        if (c.Problems.Count > 0) return null;
        var w = conv.weight!.shape;
        var attributes = ConvTranspose2dInt.Geometry(w, conv.stride!, conv.padding!, conv.output_padding ?? [0, 0], conv.dilation!, conv.groups);
        // The export always carries a bias (a zero one when the layer has none), so the venus bias rule holds.
        c.CheckVenus(what, OpTypes.ConvTranspose2dInt, attributes, [null, w.Select(d => (int)d).ToArray(), [(int)(w[1] * conv.groups)]]);
        return c.Problems.Count == 0 ? make(conv) : null;
    }

    private static nn.Module? ConvTranspose1(ConvTranspose1d conv, ReplacementContext c)
    {
        const string what = "ConvTranspose1d";
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros) c.Refuse(what, $"padding mode {conv.padding_mode} is not supported; only zero padding.");
        if (conv.padding is null) c.Refuse(what, $"padding given as '{conv.padding_type}' is not supported; give explicit padding.");
        c.RequireInt8OrFloatOutput(what);
        if (c.Problems.Count > 0) return null;
        var q = ConvTranspose1dInt.FromFloat(conv, c.Config);
        var w = q.Weight.shape;
        c.CheckVenus(what + ", run as a [k, 1] ConvTranspose2dInt", OpTypes.ConvTranspose2dInt, q.NodeAttributes(), [null, [(int)w[0], (int)w[1], (int)w[2], 1], [(int)(w[1] * conv.groups)]]);
        return c.Problems.Count == 0 ? q : null;
    }
}
