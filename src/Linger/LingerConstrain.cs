using System.Runtime.CompilerServices;
using LingerNet.Constraint;
using LingerNet.Nn;
using LingerNet.Quantization;
using LingerNet.Surgery;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet;

public static partial class Linger
{
    // Per-module constraint settings, keyed by module identity (linger's normalize_module / disable_normalize registries).
    private static readonly ConditionalWeakTable<nn.Module, ConstraintBounds> s_constrainBounds = new();
    private static readonly ConditionalWeakTable<nn.Module, object> s_constrainDisabled = new();
    // Float modules that Constrain left alone (disabled) but whose output feeds only a ReLU; Init sets AheadRelu on their quantized form.
    private static readonly ConditionalWeakTable<nn.Module, object> s_aheadRelu = new();
    // Modules whose output feeds only sigmoids (linger's ahead_sigmoid, linger-spec §1.8): recorded, never used numerically.
    private static readonly ConditionalWeakTable<nn.Module, object> s_aheadSigmoid = new();

    /// <summary>
    /// Stage 1 of the two-stage flow (linger's trace_layers + normalize_layers): runs
    /// <paramref name="sampleInput"/> through the model once in eval mode to find which module feeds
    /// which, then, in place:
    /// <list type="bullet">
    /// <item>a Conv2d whose output is consumed only by a BatchNorm2d (and that BN only by it) becomes a
    /// <see cref="ConvBn2d"/>, the BN an identity <see cref="EmptyBatchNorm"/>;</item>
    /// <item>other Conv2d, Linear and BatchNorm2d become <see cref="ConstrainedConv2d"/>,
    /// <see cref="ConstrainedLinear"/>, <see cref="ConstrainedBatchNorm2d"/>, clamping weight, bias and
    /// output (<see cref="ConstrainOptions.Bounds"/>, overridden by <see cref="ConstrainModule"/>);</item>
    /// <item>a module whose output feeds only ReLU modules is marked ahead_relu (Conv→ReLU,
    /// Conv→BN→ReLU on the fused conv, Linear→ReLU, BN→ReLU).</item>
    /// </list>
    /// Parameters are taken over (same objects) and state-dict keys are unchanged, so a float checkpoint
    /// loads directly and an optimizer made before keeps working. Adjacency is found by object identity of
    /// the tensors passed between modules: a tensor op in user code between two modules hides the link
    /// (see <see cref="ForwardRecorder"/>).
    /// </summary>
    /// <returns>The same model object.</returns>
    /// <exception cref="LingerException">The model was already constrained or quantized; the sample does not run; a layer's
    /// configuration is unsupported or its field cannot hold the replacement. All problems are listed and the model is left unchanged.</exception>
    public static T Constrain<T>(T model, Tensor sampleInput, ConstrainOptions? options = null) where T : nn.Module<Tensor, Tensor>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        options ??= new ConstrainOptions();
        options.Bounds.Validate("Linger.Constrain options");
        if (Contains(model, IsQuantized))
            throw new LingerException($"Linger.Constrain: {model.GetType().Name} was already quantized by Linger.Init; constrain the float model first, then call Init (stage 1 before stage 2).");
        if (Contains(model, m => m is IConstrainedModule or EmptyBatchNorm))
            throw new LingerException($"Linger.Constrain was already called on this model ({model.GetType().Name}); it constrains a float model once.");
        if (model is Conv2d or Conv1d or ConvTranspose2d or Linear or BatchNorm2d or BatchNorm1d)
            throw new LingerException($"Linger.Constrain: the model itself is a {model.GetType().Name}; wrap it in a module so it can be replaced.");

        var recorder = ForwardRecorder.Run(model, sampleInput);
        var planner = new ConstraintPlanner(options, m => s_constrainDisabled.TryGetValue(m, out _),
            m => s_constrainBounds.TryGetValue(m, out var b) ? b : null);
        planner.Plan(model, recorder);
        if (planner.Problems.Count > 0)
            throw new LingerException("Linger.Constrain cannot constrain this model:" + Environment.NewLine +
                                      string.Join(Environment.NewLine, planner.Problems.Distinct().Select(p => "  - " + p)));
        foreach (var (old, replacement) in planner.Replacements)
            foreach (var (parent, name) in planner.LocationsOf(old).ToList())
                ModuleSurgery.Replace(parent, name, old, replacement);
        if (planner.Replacements.Any(r => r.New is IFusedConvBatchNorm))
            VerifyFusion(model, sampleInput, recorder, planner);
        planner.MarkDisabled(model, recorder);
        foreach (var m in planner.AheadReluUnconstrained) s_aheadRelu.AddOrUpdate(m, new object());
        foreach (var m in planner.AheadSigmoid)
        {
            s_aheadSigmoid.AddOrUpdate(m, new object());
            foreach (var (old, replacement) in planner.Replacements)
                if (ReferenceEquals(old, m)) s_aheadSigmoid.AddOrUpdate(replacement, new object());
        }
        return model;
    }

    // Safety net for what the recorder cannot see: a fused conv's output read by user code besides its BN.
    // Unclamped, the constrained model must give the float model's output; otherwise everything is undone.
    private static void VerifyFusion(nn.Module<Tensor, Tensor> model, Tensor sample, ForwardRecorder recorder, ConstraintPlanner planner)
    {
        const double Tolerance = 1e-3;
        double? diff;
        try { diff = recorder.RelativeDifferenceUnclamped(model, sample); }
        catch (Exception e) when (e is not LingerException) { diff = null; }
        if (diff is double d && d <= Tolerance) return;
        for (int i = planner.Replacements.Count - 1; i >= 0; i--)
        {
            var (old, replacement) = planner.Replacements[i];
            foreach (var (parent, name) in planner.LocationsOf(old).ToList()) ModuleSurgery.Replace(parent, name, replacement, old);
        }
        var pairs = planner.Replacements.Select(r => r.New).OfType<IFusedConvBatchNorm>().Select(c => $"{planner.PathOf(c.Convolution)} + {planner.PathOf(c.FusedBatchNorm)}");
        throw new LingerException(
            $"Linger.Constrain: with Conv+BN fused ({string.Join(", ", pairs)}) the model no longer computes what it did " +
            (diff is double dd ? $"(relative difference {dd:G3} > {Tolerance:G1} with all clamps lifted)" : "(the constrained model failed or changed its output shape)") +
            ". A fused conv's output is probably also used by code outside modules (a tensor op in forward), which the recorder cannot see. " +
            "Call Linger.DisableConstrain on that conv, or set ConstrainOptions.FuseBatchNorm = false. The model was left unchanged.");
    }

    /// <summary>
    /// Sets the clamps Constrain gives <paramref name="module"/> and every constrained module below it
    /// (linger's normalize_module); null leaves that tensor unclamped. Call before Constrain.
    /// </summary>
    /// <exception cref="LingerException">A bound is not a positive finite number.</exception>
    public static void ConstrainModule(nn.Module module, double? weight = 8.0, double? bias = null, double? output = 8.0)
    {
        ArgumentNullException.ThrowIfNull(module);
        var bounds = new ConstraintBounds(weight, bias, output);
        bounds.Validate($"Linger.ConstrainModule({module.GetName()})");
        s_constrainBounds.AddOrUpdate(module, bounds);
    }

    /// <summary>Keeps <paramref name="module"/> and everything below it unconstrained and unfused (linger's disable_normalize). Call before Constrain.</summary>
    public static void DisableConstrain(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        s_constrainDisabled.AddOrUpdate(module, new object());
    }

    /// <summary>
    /// Loads a checkpoint written by <c>model.save(path)</c> at this stage or an earlier one (float →
    /// constrained → quantized). Float and constrained models share their keys; into a quantized model,
    /// the BatchNorm keys of every Conv+BN pair fused by Constrain are folded into the Conv2dInt's
    /// weight and bias, and the quantization statistics added by Init may be missing.
    /// </summary>
    /// <param name="model">The model to load into (any stage).</param>
    /// <param name="path">A file written by TorchSharp's <c>Module.save</c>.</param>
    /// <param name="strict">Every key must be used and every model key provided (except the statistics above).</param>
    /// <exception cref="LingerException">The file cannot be read, or keys/shapes do not match: the message lists each key and the stage it belongs to.</exception>
    public static void LoadCheckpoint(nn.Module model, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        var dict = CheckpointFile.Read(path);
        CheckpointMapper.Load(model, dict, strict, $"Linger.LoadCheckpoint('{path}')");
    }

    /// <summary>Same as <see cref="LoadCheckpoint"/> for an in-memory state dict (e.g. <c>state_dict()</c> of an earlier-stage model).</summary>
    /// <exception cref="LingerException">Keys or shapes do not match.</exception>
    public static void LoadStateDict(nn.Module model, IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stateDict);
        CheckpointMapper.Load(model, stateDict, strict, "Linger.LoadStateDict");
    }

    /// <summary>True when <see cref="DisableQuant"/> was called on this very module.</summary>
    internal static bool IsQuantDisabled(nn.Module module) => s_disabled.TryGetValue(module, out _);

    /// <summary>
    /// True when <see cref="Constrain{T}"/> found that every output of <paramref name="module"/> (or of the float module
    /// it replaced) feeds only sigmoids — linger's ahead_sigmoid mark (linger-spec §1.8). Like linger, Linger.NET records
    /// the mark and never uses it in a computation: the iqSigmoid tables saturate beyond |x| = 16 whatever the producer's scale.
    /// </summary>
    public static bool IsAheadSigmoid(nn.Module module) => s_aheadSigmoid.TryGetValue(module, out _);

    /// <summary>True when Constrain found that this (unconstrained) float module feeds only a ReLU.</summary>
    internal static bool IsMarkedAheadRelu(nn.Module module) => s_aheadRelu.TryGetValue(module, out _);
}
