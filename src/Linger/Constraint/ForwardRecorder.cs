using LingerNet.Surgery;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// Finds which module's output tensor is consumed by which module, by running one sample through the
/// model with every leaf module instrumented (linger's trace_layers, without a tracer).
/// <para>How: each leaf <c>Module&lt;Tensor, Tensor&gt;</c> is temporarily swapped (registry and field, as
/// Init's surgery does) for a recording wrapper, so it is seen whether the parent calls it through
/// <c>call()</c> or <c>forward()</c>; leaves the wrapper cannot replace (a field of a sealed type) and
/// two-input / list-input leaves (Linger's Add, Cat) are observed with forward hooks, which fire only
/// through <c>call()</c>. TorchSharp passes the same C# tensor object from one module to the next
/// (torchsharp-notes Q5), so producer → consumer is matched by object identity.</para>
/// <para>Limits: a tensor op in user code between two modules (view, add, functional relu...) makes a
/// new object, so the link is not seen (no fusion and no ahead_relu there: the safe side); and a
/// consumer that is not a module (user code reading a conv output a second time) is invisible, so
/// such a conv could be wrongly thought to feed only its BN or ReLU. The model is restored in all
/// cases, also when the sample fails.</para>
/// </summary>
internal sealed class ForwardRecorder
{
    private readonly List<(nn.Module Module, Tensor[] Inputs, Tensor Output)> _calls = new();

    /// <summary>A module invocation seen in the run, in call order.</summary>
    public IReadOnlyList<(nn.Module Module, Tensor[] Inputs, Tensor Output)> Calls => _calls;

    /// <summary>The model's output tensor.</summary>
    public Tensor? ModelOutput { get; private set; }

    /// <summary>A copy of the model's eval output (outlives the run), to check the constrained model against.</summary>
    public Tensor? ReferenceOutput { get; private set; }

    /// <summary>Leaf modules of a type the recorder cannot observe (their consumers are unknown).</summary>
    public List<nn.Module> Unobserved { get; } = new();

    internal void Record(nn.Module module, Tensor[] inputs, Tensor output) => _calls.Add((module, inputs, output));

    /// <summary>Runs <paramref name="sample"/> through <paramref name="model"/> in eval mode without gradients and records the calls.</summary>
    public static ForwardRecorder Run(nn.Module<Tensor, Tensor> model, Tensor sample)
    {
        var recorder = new ForwardRecorder();
        // modules() does not include the root itself.
        var all = new List<nn.Module> { model };
        all.AddRange(model.modules());
        var modes = all.Select(m => (m, m.training)).ToList();
        var swapped = new List<(nn.Module Parent, string Name, nn.Module Inner, RecordingModule Wrapper)>();
        var hooks = new List<Action>();
        try
        {
            model.eval();
            foreach (var parent in all)
            {
                foreach (var (name, child) in parent.named_children().ToList())
                {
                    if (child.children().Any() || child is RecordingModule) continue;
                    switch (child)
                    {
                        case nn.Module<Tensor, Tensor> single:
                            var wrapper = new RecordingModule(single, recorder);
                            if (ModuleSurgery.Check(parent, name, child, wrapper) is null)
                            {
                                ModuleSurgery.Replace(parent, name, child, wrapper);
                                swapped.Add((parent, name, child, wrapper));
                                break;
                            }
                            wrapper.Dispose();
                            hooks.Add(single.register_forward_hook((m, x, y) => { recorder.Record(m, new[] { x }, y); return y; }).remove);
                            break;
                        case nn.Module<Tensor, Tensor, Tensor> pair:
                            hooks.Add(pair.register_forward_hook((m, a, b, y) => { recorder.Record(m, new[] { a, b }, y); return y; }).remove);
                            break;
                        case nn.Module<Tensor[], Tensor> list:
                            hooks.Add(list.register_forward_hook((m, xs, y) => { recorder.Record(m, xs, y); return y; }).remove);
                            break;
                        default:
                            recorder.Unobserved.Add(child);
                            break;
                    }
                }
            }
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            recorder.ModelOutput = model.call(sample);
            recorder.ReferenceOutput = recorder.ModelOutput.detach().clone().DetachFromDisposeScope();
        }
        catch (Exception e) when (e is not LingerException)
        {
            throw new LingerException(
                $"Linger.Constrain: the sample input (shape [{string.Join(", ", sample.shape)}], {sample.dtype}) does not run through {model.GetType().Name} in eval mode: {e.GetType().Name}: {e.Message}", e);
        }
        finally
        {
            foreach (var remove in hooks) remove();
            for (int i = swapped.Count - 1; i >= 0; i--) ModuleSurgery.Replace(swapped[i].Parent, swapped[i].Name, swapped[i].Wrapper, swapped[i].Inner);
            foreach (var (m, wasTraining) in modes) m.train(wasTraining);
        }
        return recorder;
    }

    /// <summary>
    /// Runs the sample through the constrained model in eval with every clamp lifted and returns the
    /// largest difference to the float output relative to max|float output| (fusion changes rounding only),
    /// or null when the output shapes differ. Modes and bounds are restored.
    /// </summary>
    public double? RelativeDifferenceUnclamped(nn.Module<Tensor, Tensor> model, Tensor sample)
    {
        var all = new List<nn.Module> { model };
        all.AddRange(model.modules());
        var modes = all.Select(m => (m, m.training)).ToList();
        var bounds = all.OfType<IConstrainedModule>().Select(c => (c, c.Bounds)).ToList();
        try
        {
            foreach (var (c, _) in bounds) c.Bounds = ConstraintBounds.None;
            model.eval();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var y = model.call(sample);
            var r = ReferenceOutput!;
            if (!y.shape.SequenceEqual(r.shape)) return null;
            double scale = Math.Max(r.abs().max().item<float>(), 1e-6);
            return (y - r).abs().max().item<float>() / scale;
        }
        finally
        {
            foreach (var (c, b) in bounds) c.Bounds = b;
            foreach (var (m, wasTraining) in modes) m.train(wasTraining);
        }
    }

    /// <summary>
    /// For every observed module, the consumers of each of its outputs: the modules whose inputs were
    /// that tensor object, and null when the tensor was the model's output.
    /// </summary>
    public Dictionary<nn.Module, List<List<nn.Module?>>> Consumers()
    {
        var byModule = new Dictionary<nn.Module, List<List<nn.Module?>>>(ReferenceEqualityComparer.Instance);
        var producedBy = new Dictionary<Tensor, List<nn.Module?>>(ReferenceEqualityComparer.Instance);
        foreach (var (module, inputs, output) in _calls)
        {
            foreach (var x in inputs)
                if (x is not null && producedBy.TryGetValue(x, out var list)) list.Add(module);
            var consumers = new List<nn.Module?>();
            if (!byModule.TryGetValue(module, out var outs)) byModule[module] = outs = new();
            outs.Add(consumers);
            if (output is not null) producedBy[output] = consumers;
        }
        if (ModelOutput is not null && producedBy.TryGetValue(ModelOutput, out var last)) last.Add(null);
        return byModule;
    }

    /// <summary>For every observed module, the producer of each input of each call (null: not produced by an observed module).</summary>
    public Dictionary<nn.Module, List<nn.Module?>> Producers()
    {
        var result = new Dictionary<nn.Module, List<nn.Module?>>(ReferenceEqualityComparer.Instance);
        var producer = new Dictionary<Tensor, nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var (module, inputs, output) in _calls)
        {
            if (!result.TryGetValue(module, out var list)) result[module] = list = new();
            foreach (var x in inputs) list.Add(x is not null && producer.TryGetValue(x, out var p) ? p : null);
            if (output is not null) producer[output] = module;
        }
        return result;
    }
}
