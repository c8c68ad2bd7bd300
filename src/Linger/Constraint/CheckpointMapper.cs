using LingerNet.Nn;
using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// Maps a checkpoint of an earlier stage onto a model of a later stage and checks the keys strictly
/// (linger-spec §5.4: a checkpoint loads into its own stage and every later one).
/// <list type="bullet">
/// <item>Float and constrained (stage 1) models have the same keys: nothing to map.</item>
/// <item>Into a quantized (stage 2) model, for every Conv+BN pair folded at Init, the BN's keys
/// (<c>bn.weight</c>, <c>bn.bias</c>, <c>bn.running_mean</c>, <c>bn.running_var</c>,
/// <c>bn.num_batches_tracked</c>) and the conv's <c>conv.weight</c>/<c>conv.bias</c> are folded into
/// <c>conv.weight</c>/<c>conv.bias</c> with the BN's ε; the quantization statistics the quantized
/// layers added (<c>running_x</c>, <c>running_o</c>, ...) may then be missing (they start from zero:
/// train a few batches before eval).</item>
/// <item>A checkpoint saved after Init does not load into an earlier-stage model.</item>
/// </list>
/// </summary>
internal static class CheckpointMapper
{
    private static readonly string[] BatchNormKeys = { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" };

    public static void Load(nn.Module model, IReadOnlyDictionary<string, Tensor> source, bool strict, string origin)
    {
        var dict = new Dictionary<string, Tensor>(source, StringComparer.Ordinal);
        var expected = model.state_dict();
        var modules = model.named_modules().ToList();
        var pathOf = new Dictionary<nn.Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (path, m) in modules) pathOf.TryAdd(m, path);

        bool earlierStage = false;
        var folded = new List<string>();
        foreach (var (bnPath, m) in modules)
        {
            // The BN of a pair folded at Init: a FoldedBatchNorm, or an EmptyBatchNorm kept by DisableQuant (its keys stay).
            var pair = m switch { FoldedBatchNorm f => f.Source, EmptyBatchNorm e => e.Owner, _ => null };
            if (pair?.QuantizedConvolution is not { } q || !pathOf.TryGetValue(q, out var convPath)) continue;
            bool keepBnKeys = m is EmptyBatchNorm;
            if (!dict.TryGetValue(bnPath + ".running_var", out var runningVar)) continue;
            if (!dict.TryGetValue(convPath + ".weight", out var weight) || !dict.TryGetValue(bnPath + ".running_mean", out var runningMean))
                throw new LingerException($"{origin}: the checkpoint has '{bnPath}.running_var' but not '{convPath}.weight' and '{bnPath}.running_mean'; cannot fold the BatchNorm '{bnPath}' into '{convPath}'.");
            if (keepBnKeys && dict.ContainsKey(convPath + ".running_x")) continue; // a stage-2 checkpoint: weights already folded
            using (no_grad())
            {
                var (w, b) = pair.Fold(weight, dict.GetValueOrDefault(convPath + ".bias"), dict.GetValueOrDefault(bnPath + ".weight"),
                    dict.GetValueOrDefault(bnPath + ".bias"), runningMean, runningVar, pair.FusedBatchNorm.eps);
                dict[convPath + ".weight"] = w;
                dict[convPath + ".bias"] = b;
            }
            if (!keepBnKeys) foreach (var k in BatchNormKeys) dict.Remove(bnPath + "." + k);
            folded.Add($"{bnPath} → {convPath}");
            earlierStage = true;
        }

        var quantStats = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, m) in modules)
        {
            if (m is not IQuantizedModule || m is ILingerOp) continue;
            foreach (var (name, _) in m.named_buffers(recurse: false))
                if (name is not ("running_mean" or "running_var" or "num_batches_tracked")) quantStats.Add(path.Length == 0 ? name : path + "." + name);
        }
        if (!earlierStage && quantStats.Count > 0 && quantStats.All(k => !dict.ContainsKey(k)) && expected.Keys.Any(k => !quantStats.Contains(k) && dict.ContainsKey(k)))
            earlierStage = true; // a float/constrained checkpoint of a model without fused pairs

        var missing = expected.Keys.Where(k => !dict.ContainsKey(k) && !(earlierStage && quantStats.Contains(k))).ToList();
        var unexpected = dict.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        var shapes = dict.Where(kv => expected.TryGetValue(kv.Key, out var t) && !t.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key}: checkpoint [{string.Join(", ", kv.Value.shape)}], model [{string.Join(", ", expected[kv.Key].shape)}]").ToList();
        if (shapes.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            var lines = new List<string> { $"{origin}: the checkpoint does not fit the {StageName(model)} model {model.GetType().Name}" + (strict ? " (strict)" : "") + ":" };
            lines.AddRange(missing.Select(k => $"  - missing   {k}  ({Describe(k, model, quantStats)})"));
            lines.AddRange(unexpected.Select(k => $"  - unexpected {k}  ({DescribeUnexpected(k)})"));
            lines.AddRange(shapes.Select(s => "  - shape     " + s));
            if (folded.Count > 0) lines.Add("  (folded BatchNorm keys: " + string.Join("; ", folded) + ")");
            throw new LingerException(string.Join(Environment.NewLine, lines));
        }
        using (no_grad())
            model.load_state_dict(dict.Where(kv => expected.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value), strict: false);
    }

    /// <summary>"float", "constrained (stage 1)" or "quantized (stage 2)".</summary>
    public static string StageName(nn.Module model)
        => model.modules().Any(m => m is IQuantizedModule || (m is ILingerOp op && op.IsQuantized)) ? "quantized (stage 2, after Linger.Init)"
            : model.modules().Any(m => m is IConstrainedModule or EmptyBatchNorm) ? "constrained (stage 1, after Linger.Constrain)"
            : "float";

    private static string Describe(string key, nn.Module model, HashSet<string> quantStats)
        => quantStats.Contains(key) ? "quantization statistic of the stage-2 model; the checkpoint is from stage 2 but lacks it"
            : $"key of the {StageName(model)} model";

    private static string DescribeUnexpected(string key)
    {
        string last = key[(key.LastIndexOf('.') + 1)..];
        if (last is "running_x" or "running_o" or "running_w" or "running_y" || last.StartsWith("scale_", StringComparison.Ordinal))
            return "quantization statistic: the checkpoint was saved after Linger.Init, a later stage than this model";
        if (last is "running_mean" or "running_var" or "num_batches_tracked")
            return "BatchNorm statistic of a float or constrained checkpoint that this model has no BatchNorm for";
        return "not in this model";
    }
}
