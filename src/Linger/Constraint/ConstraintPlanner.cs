using LingerNet.Surgery;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// Decides, from the recorded adjacency, which modules Constrain replaces and by what (linger's
/// trace_layers + normalize_layers), and collects every problem before anything changes.
/// </summary>
internal sealed class ConstraintPlanner
{
    private readonly ConstrainOptions _options;
    private readonly Func<nn.Module, bool> _disabled;
    private readonly Func<nn.Module, ConstraintBounds?> _override;
    private readonly Dictionary<nn.Module, List<(nn.Module Parent, string Name, string Path)>> _locations = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<nn.Module, ConstraintBounds> _bounds = new(ReferenceEqualityComparer.Instance);
    private readonly List<nn.Module> _order = new();
    private readonly HashSet<nn.Module> _disabledSet = new(ReferenceEqualityComparer.Instance);

    public ConstraintPlanner(ConstrainOptions options, Func<nn.Module, bool> disabled, Func<nn.Module, ConstraintBounds?> boundsOverride)
    {
        _options = options;
        _disabled = disabled;
        _override = boundsOverride;
    }

    /// <summary>Replacements to make: (old module, new module); every location of the old module gets the new one.</summary>
    public List<(nn.Module Old, nn.Module New)> Replacements { get; } = new();

    /// <summary>Float modules left unconstrained (disabled) whose output feeds only a ReLU.</summary>
    public List<nn.Module> AheadReluUnconstrained { get; } = new();

    /// <summary>Modules whose every output feeds only sigmoids (linger's ahead_sigmoid: stored, never used numerically).</summary>
    public List<nn.Module> AheadSigmoid { get; } = new();

    /// <summary>Why the model cannot be constrained.</summary>
    public List<string> Problems { get; } = new();

    /// <summary>Plans the constraint of <paramref name="model"/> from the recorded run.</summary>
    public void Plan(nn.Module model, ForwardRecorder recorder)
    {
        Walk(model, "", _options.Bounds);
        var consumers = recorder.Consumers();
        var producers = recorder.Producers();
        var fusedBn = new Dictionary<nn.Module, nn.Module>(ReferenceEqualityComparer.Instance);
        double Momentum(BatchNorm bn) => _options.FreezeBatchNorm ? 0.0 : bn.momentum ?? 0.1;

        // Convolutions first: a BN fused into its conv must not be planned on its own.
        foreach (var m in _order.Where(x => x is Convolution).Concat(_order.Where(x => x is not Convolution)))
        {
            string path = _locations[m][0].Path;
            var bounds = _bounds[m];
            switch (m)
            {
                case Conv2d conv:
                {
                    bool ok = CheckConv(conv, path);
                    var bn = _options.FuseBatchNorm ? SoleConsumer(m, consumers) as BatchNorm2d : null;
                    if (bn is not null && (!_bounds.ContainsKey(bn) || !OnlyProducer(bn, m, producers) || bn.num_features != conv.out_channels)) bn = null;
                    if (bn is not null && !CheckBn(bn, _locations[bn][0].Path)) { ok = false; }
                    if (!ok) break;
                    if (bn is not null)
                    {
                        var fused = new ConvBn2d(conv, bn, bounds, Momentum(bn)) { AheadRelu = FeedsOnlyRelu(bn, consumers) };
                        fusedBn[bn] = fused;
                        Add(m, fused, path);
                        Add(bn, new EmptyBatchNorm(bn, fused), _locations[bn][0].Path);
                    }
                    else Add(m, new ConstrainedConv2d(conv, bounds) { AheadRelu = FeedsOnlyRelu(m, consumers) }, path);
                    break;
                }
                case Conv1d conv:
                {
                    // linger's NormalizeConvBN1d / NormalizeConv1d; an unfused BatchNorm1d stays float here
                    // (linger does not constrain it) and becomes a quantized BN at Init.
                    bool ok = CheckConv(conv, path, "Conv1d");
                    var bn = _options.FuseBatchNorm ? SoleConsumer(m, consumers) as BatchNorm1d : null;
                    if (bn is not null && (!_bounds.ContainsKey(bn) || !OnlyProducer(bn, m, producers) || bn.num_features != conv.out_channels)) bn = null;
                    if (bn is not null && !CheckBn(bn, _locations[bn][0].Path, "BatchNorm1d")) { ok = false; }
                    if (!ok) break;
                    if (bn is not null)
                    {
                        var fused = new ConvBn1d(conv, bn, bounds, Momentum(bn)) { AheadRelu = FeedsOnlyRelu(bn, consumers) };
                        fusedBn[bn] = fused;
                        Add(m, fused, path);
                        Add(bn, new EmptyBatchNorm(bn, fused), _locations[bn][0].Path);
                    }
                    else Add(m, new ConstrainedConv1d(conv, bounds) { AheadRelu = FeedsOnlyRelu(m, consumers) }, path);
                    break;
                }
                case ConvTranspose2d conv:
                {
                    // linger's NormalizeConvTransposeBN2d / NormalizeConvTranspose2d (no ahead_relu for transposed convolutions).
                    bool ok = CheckConv(conv, path, "ConvTranspose2d");
                    var bn = _options.FuseBatchNorm ? SoleConsumer(m, consumers) as BatchNorm2d : null;
                    if (bn is not null && (!_bounds.ContainsKey(bn) || !OnlyProducer(bn, m, producers) || bn.num_features != conv.out_channels)) bn = null;
                    if (bn is not null && !CheckBn(bn, _locations[bn][0].Path)) { ok = false; }
                    if (!ok) break;
                    if (bn is not null)
                    {
                        var fused = new ConvTransposeBn2d(conv, bn, bounds, Momentum(bn));
                        fusedBn[bn] = fused;
                        Add(m, fused, path);
                        Add(bn, new EmptyBatchNorm(bn, fused), _locations[bn][0].Path);
                    }
                    else Add(m, new ConstrainedConvTranspose2d(conv, bounds), path);
                    break;
                }
                case Linear linear:
                    Add(m, new ConstrainedLinear(linear, bounds) { AheadRelu = FeedsOnlyRelu(m, consumers) }, path);
                    break;
                case GRU gru:
                    Add(m, new ConstrainedGRU(gru, bounds), path);
                    break;
                case LSTM lstm:
                    Add(m, new ConstrainedLSTM(lstm, bounds), path);
                    break;
                case LayerNorm ln:
                    Add(m, new ConstrainedLayerNorm(ln, bounds) { AheadRelu = FeedsOnlyRelu(m, consumers) }, path);
                    break;
                case BatchNorm2d bn when !fusedBn.ContainsKey(bn) && !Replacements.Any(r => ReferenceEquals(r.Old, bn)):
                    if (CheckBn(bn, path))
                        Add(m, new ConstrainedBatchNorm2d(bn, bounds, Momentum(bn)) { AheadRelu = FeedsOnlyRelu(m, consumers) }, path);
                    break;
            }
        }
    }

    /// <summary>Ahead-ReLU marks for disabled (float) Conv2d/Linear/BatchNorm2d, used later by Init.</summary>
    public void MarkDisabled(nn.Module model, ForwardRecorder recorder)
    {
        var consumers = recorder.Consumers();
        foreach (var m in model.modules())
            if (m is Conv2d or Conv1d or Linear or BatchNorm2d or BatchNorm1d && _disabledSet.Contains(m) && FeedsOnlyRelu(m, consumers)) AheadReluUnconstrained.Add(m);
        foreach (var (m, outs) in consumers)
            if (outs.Count > 0 && outs.All(c => c.Count > 0 && c.All(x => x is Sigmoid or Nn.Sigmoid))) AheadSigmoid.Add(m);
    }

    private void Walk(nn.Module parent, string prefix, ConstraintBounds inherited)
    {
        foreach (var (name, child) in parent.named_children())
        {
            if (_disabled(child))
            {
                _disabledSet.Add(child);
                foreach (var d in child.modules()) _disabledSet.Add(d); // modules() excludes child itself
                continue;
            }
            var bounds = _override(child) ?? inherited;
            string path = prefix + name;
            if (child is Conv2d or Conv1d or ConvTranspose2d or Linear or BatchNorm2d or BatchNorm1d or GRU or LSTM or LayerNorm)
            {
                if (!_locations.TryGetValue(child, out var list))
                {
                    _locations[child] = list = new();
                    _bounds[child] = bounds;
                    _order.Add(child);
                }
                list.Add((parent, name, path));
                continue;
            }
            Walk(child, path + ".", bounds);
        }
    }

    private void Add(nn.Module old, nn.Module replacement, string path)
    {
        foreach (var (parent, _, p) in _locations[old])
            if (ModuleSurgery.Check(parent, p, old, replacement) is { } why) Problems.Add(why);
        Replacements.Add((old, replacement));
    }

    /// <summary>The path of a planned module (its first location).</summary>
    public string PathOf(nn.Module m) => _locations[m][0].Path;

    /// <summary>Every location of <paramref name="old"/> (parent, registry name).</summary>
    public IEnumerable<(nn.Module Parent, string Name)> LocationsOf(nn.Module old) => _locations[old].Select(l => (l.Parent, l.Name));

    private bool CheckConv(Convolution conv, string path, string what = "Conv2d")
    {
        bool ok = true;
        if (conv.padding is null) { Problems.Add($"'{path}' ({what}): padding given as '{conv.padding_type}' is not supported; give explicit padding."); ok = false; }
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros) { Problems.Add($"'{path}' ({what}): padding mode {conv.padding_mode} is not supported; only zero padding."); ok = false; }
        return ok;
    }

    private bool CheckBn(BatchNorm bn, string path, string what = "BatchNorm2d")
    {
        if (bn.track_running_stats && bn.running_mean is not null && bn.running_var is not null) return true;
        Problems.Add($"'{path}' ({what}): needs track_running_stats = true (eval and fusion use the running statistics).");
        return false;
    }

    /// <summary>The one module that consumes every output of <paramref name="m"/>, each exactly once; null otherwise.</summary>
    private static nn.Module? SoleConsumer(nn.Module m, Dictionary<nn.Module, List<List<nn.Module?>>> consumers)
    {
        if (!consumers.TryGetValue(m, out var outs) || outs.Count == 0) return null;
        nn.Module? sole = null;
        foreach (var c in outs)
        {
            if (c.Count != 1 || c[0] is null) return null;
            if (sole is not null && !ReferenceEquals(sole, c[0])) return null;
            sole = c[0];
        }
        return sole;
    }

    private static bool OnlyProducer(nn.Module consumer, nn.Module producer, Dictionary<nn.Module, List<nn.Module?>> producers)
        => producers.TryGetValue(consumer, out var ps) && ps.Count > 0 && ps.All(p => ReferenceEquals(p, producer));

    /// <summary>Every output of <paramref name="m"/> is consumed by ReLU modules only (at least one, not the model output).</summary>
    private bool FeedsOnlyRelu(nn.Module m, Dictionary<nn.Module, List<List<nn.Module?>>> consumers)
        => _options.DetectAheadRelu && consumers.TryGetValue(m, out var outs) && outs.Count > 0
           && outs.All(c => c.Count > 0 && c.All(x => x is ReLU));
}
