using System.Runtime.CompilerServices;
using LingerNet.Nn;
using LingerNet.Quantization;
using LingerNet.Surgery;
using static TorchSharp.torch;

namespace LingerNet;

/// <summary>
/// The entry points of Linger.NET. <see cref="Init{T}"/> is the one line that turns a TorchSharp
/// model into a quantization-aware one; the rest configure it, save and load its checkpoints.
/// </summary>
public static partial class Linger
{
    // Per-module settings, keyed by module identity (linger's quant_module / disable_quant registries).
    // Weak keys: the entries die with the modules.
    private static readonly ConditionalWeakTable<nn.Module, ModuleQuantConfig> s_moduleConfigs = new();
    private static readonly ConditionalWeakTable<nn.Module, object> s_disabled = new();

    /// <summary>
    /// Replaces every supported layer of <paramref name="model"/> (at any depth: fields, Sequential,
    /// ModuleList, ModuleDict, nested modules) by its quantized form, which takes over the same
    /// parameter objects (an optimizer made before keeps working, state-dict names stay), and switches
    /// Linger op modules (<see cref="Nn.Add"/>, <see cref="Nn.Cat"/>, ...) to integer mode. Supported:
    /// Conv1d, Conv2d, ConvTranspose1d/2d, Linear, BatchNorm1d/2d, LayerNorm, Embedding, GRU, LSTM,
    /// ReLU, ReLU6, Sigmoid, Tanh, Softmax, LogSoftmax, MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool2d(1),
    /// Flatten, Dropout, Identity, and the stage-1 forms made by <see cref="Constrain{T}"/> (docs/ops.md).
    /// Any other leaf layer is refused by path (never left in float silently): keep it in float on purpose
    /// with <see cref="DisableQuant"/>.
    /// </summary>
    /// <returns>The same model object.</returns>
    /// <exception cref="LingerException">
    /// Init was already called on the model; a layer's configuration cannot run on the chip; or a field
    /// whose declared type cannot hold the replacement (declare layers as <c>Module&lt;Tensor, Tensor&gt;</c>).
    /// All problems are listed at once and the model is left unchanged.
    /// </exception>
    public static T Init<T>(T model, LingerOptions? options = null) where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new LingerOptions();
        if (model is IQuantizedModule || (model is ILingerOp op0 && op0.IsQuantized) || Contains(model, IsQuantized))
            throw new LingerException($"Linger.Init was already called on this model ({model.GetType().Name}); it quantizes a float model once.");
        if (QuantizedReplacements.IsSupported(model))
            throw new LingerException($"Linger.Init: the model itself is a {model.GetType().Name}; wrap it in a module so it can be replaced.");

        var plan = new List<(nn.Module Parent, string Name, nn.Module Old, nn.Module New)>();
        var ops = new List<(ILingerOp Op, ModuleQuantConfig Config)>();
        var problems = new List<string>();
        Plan(model, "", ModuleQuantConfig.From(options), options, plan, ops, problems);
        if (problems.Count > 0)
            throw new LingerException("Linger.Init cannot quantize this model:" + Environment.NewLine +
                                      string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        foreach (var (parent, name, old, replacement) in plan) ModuleSurgery.Replace(parent, name, old, replacement);
        foreach (var (op, config) in ops) op.EnableQuant(config);
        if (model is ILingerOp rootOp && s_disabled.TryGetValue(model, out _) == false) rootOp.EnableQuant(ModuleQuantConfig.From(options));
        return model;
    }

    /// <summary>Keeps <paramref name="module"/> and everything below it in float when Init runs (linger's disable_quant). Call before Init.</summary>
    public static void DisableQuant(nn.Module module) => s_disabled.AddOrUpdate(module, new object());

    /// <summary>
    /// Sets the bit widths Init gives <paramref name="module"/> and everything below it (linger's
    /// quant_module). <paramref name="outBits"/> null keeps the output in float. Call before Init.
    /// </summary>
    public static void QuantModule(nn.Module module, int dataBits = 8, int parameterBits = 8, int? outBits = 8)
    {
        Numerics.QuantRange.CheckBits(dataBits, $"Linger.QuantModule({module.GetName()}) data bits");
        Numerics.QuantRange.CheckBits(parameterBits, $"Linger.QuantModule({module.GetName()}) parameter bits");
        if (outBits is int ob) Numerics.QuantRange.CheckBits(ob, $"Linger.QuantModule({module.GetName()}) output bits");
        s_moduleConfigs.AddOrUpdate(module, new ModuleQuantConfig(dataBits, parameterBits, outBits));
    }

    private static void Plan(nn.Module parent, string prefix, ModuleQuantConfig inherited, LingerOptions options,
        List<(nn.Module, string, nn.Module, nn.Module)> plan, List<(ILingerOp, ModuleQuantConfig)> ops, List<string> problems)
    {
        foreach (var (name, child) in parent.named_children().ToList())
        {
            string path = prefix + name;
            if (s_disabled.TryGetValue(child, out _)) continue;
            var config = s_moduleConfigs.TryGetValue(child, out var own) ? own : inherited;
            if (child is ILingerOp op)
            {
                ops.Add((op, config));
                continue;
            }
            if (QuantizedReplacements.IsUnsupportedLeaf(child))
            {
                problems.Add($"'{path}' ({child.GetType().Name}) has no quantized form, and Init does not leave a layer in float silently. " +
                             $"Keep it in float on purpose with Linger.DisableQuant(module) before Init (export then fails if it sits between quantized modules), " +
                             $"or use a supported layer ({string.Join(", ", QuantizedReplacements.SupportedTypeNames)}, and the Linger.Nn ops).");
                continue;
            }
            if (!QuantizedReplacements.IsSupported(child))
            {
                Plan(child, path + ".", config, options, plan, ops, problems);
                continue;
            }
            var (replacement, reasons) = QuantizedReplacements.Create(child, new ReplacementContext(path, config, options));
            problems.AddRange(reasons);
            if (replacement is null) continue;
            if (ModuleSurgery.Check(parent, path, child, replacement) is { } why) problems.Add(why);
            else plan.Add((parent, name, child, replacement));
        }
    }

    private static bool IsQuantized(nn.Module m) => m is IQuantizedModule || (m is ILingerOp op && op.IsQuantized);

    private static bool Contains(nn.Module root, Func<nn.Module, bool> predicate)
        => root.modules().Any(predicate);
}
