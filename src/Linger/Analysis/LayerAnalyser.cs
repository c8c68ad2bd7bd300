using LingerNet.Modules;
using LingerNet.Nn;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Analysis;

/// <summary>
/// Runs a quantized model and its float reference side by side on the same samples and measures every quantized layer.
/// Layer inputs and outputs are observed with forward hooks, which fire only when the parent calls the layer through
/// <c>call()</c> (layers reached through <c>forward()</c> are reported as not reached).
/// <para>Without a float model, the reference is the quantized model itself with every quantized layer replaced, in a
/// second pass, by its float function (the same float weights, BatchNorm folded, no quantization): "the same
/// architecture before Init, with the same weights", also for a two-stage model whose Conv+BN pairs were fused.</para>
/// </summary>
internal sealed class LayerAnalyser
{
    public const int Bins = 81;

    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly List<(string Name, nn.Module Module)> _layers;

    public LayerAnalyser(nn.Module<Tensor, Tensor> model)
    {
        _model = model;
        _layers = model.named_modules().Where(m => IsAnalysed(m.module)).Select(m => (m.name, m.module)).ToList();
        if (_layers.Count == 0)
            throw new LingerException($"Linger.Analyse: {model.GetType().Name} has no quantized layers; call Linger.Init(model) (and train or load a checkpoint) first.");
    }

    /// <summary>Layers with their own output scale: weighted layers, Add, Cat, AvgPool (ReLU, MaxPool, Flatten keep their input's grid).</summary>
    public static bool IsAnalysed(nn.Module m) => m is QuantizedLayer || m is AvgPool2dInt || (m is ILingerOp op && op.IsQuantized && m is Add or Cat);

    public AnalysisReport Run(Tensor samples, nn.Module<Tensor, Tensor>? floatModel)
    {
        var modes = new List<nn.Module> { _model }.Concat(_model.modules()).Select(m => (m, m.training)).ToList();
        var floatModes = floatModel is null ? [] : new List<nn.Module> { floatModel }.Concat(floatModel.modules()).Select(m => (m, m.training)).ToList();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        try
        {
            _model.eval();
            floatModel?.eval();
            // Pass 1: the quantized model; per layer its inputs, output and its float function on those inputs.
            var quantized = new Dictionary<string, (Tensor Output, Tensor LocalFloat, Tensor FirstInput)>();
            var order = new List<string>();
            Observe(_layers, (name, module, inputs, output) =>
            {
                if (quantized.ContainsKey(name)) return null;
                order.Add(name);
                quantized[name] = (output, FloatFunction(module, inputs), inputs[0]);
                return null;
            }, () => _model.call(samples));

            // Pass 2: the float reference.
            var reference = new Dictionary<string, Tensor>();
            string referenceName;
            if (floatModel is null)
            {
                referenceName = "the quantized model with every quantized layer computing its float function (same weights)";
                Observe(_layers, (name, module, inputs, output) =>
                {
                    var f = FloatFunction(module, inputs);
                    reference.TryAdd(name, f);
                    return f;
                }, () => _model.call(samples));
            }
            else
            {
                referenceName = $"the float model {floatModel.GetType().Name}, layers matched by module path";
                var wanted = _layers.Select(l => l.Name).ToHashSet();
                var floatLayers = floatModel.named_modules().Where(m => wanted.Contains(m.name)).Select(m => (m.name, m.module)).ToList();
                Observe(floatLayers, (name, module, inputs, output) => { reference.TryAdd(name, output); return null; }, () => floatModel.call(samples));
            }

            var layers = new List<LayerAnalysis>();
            foreach (var name in order)
            {
                var module = _layers.First(l => l.Name == name).Module;
                var (output, localFloat, firstInput) = quantized[name];
                layers.Add(Measure(name, module, layers.Count, output, localFloat, firstInput, reference.GetValueOrDefault(name)));
            }
            var notReached = _layers.Select(l => l.Name).Where(n => !quantized.ContainsKey(n)).ToList();
            return new AnalysisReport(layers, (int)samples.shape[0], referenceName, notReached);
        }
        finally
        {
            foreach (var (m, t) in modes) m.train(t);
            foreach (var (m, t) in floatModes) m.train(t);
        }
    }

    private delegate Tensor? LayerHook(string name, nn.Module module, Tensor[] inputs, Tensor output);

    /// <summary>Hooks every listed layer (a returned tensor replaces the output), runs, and removes the hooks.</summary>
    private static void Observe(List<(string Name, nn.Module Module)> layers, LayerHook hook, Action run)
    {
        var removers = new List<Action>();
        try
        {
            foreach (var (name, module) in layers)
            {
                switch (module)
                {
                    case nn.Module<Tensor, Tensor> single:
                        removers.Add(single.register_forward_hook((m, x, y) => hook(name, m, [x], y) ?? y).remove);
                        break;
                    case nn.Module<Tensor, Tensor, Tensor> pair:
                        removers.Add(pair.register_forward_hook((m, a, b, y) => hook(name, m, [a, b], y) ?? y).remove);
                        break;
                    case nn.Module<Tensor[], Tensor> list:
                        removers.Add(list.register_forward_hook((m, xs, y) => hook(name, m, xs, y) ?? y).remove);
                        break;
                }
            }
            run();
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
    }

    /// <summary>What the layer computes in float: its op with the float weights, no quantization.</summary>
    private static Tensor FloatFunction(nn.Module module, Tensor[] inputs) => module switch
    {
        QuantizedLayer layer => layer.FloatForward(inputs[0]),
        AvgPool2dInt pool => nn.functional.avg_pool2d(inputs[0], pool.KernelSize, pool.Stride, pool.Padding, ceil_mode: false, count_include_pad: true),
        Add => inputs[0] + inputs[1],
        Cat c => cat(inputs, c.Dim),
        _ => throw new InvalidOperationException($"no float function for {module.GetType().Name}"),
    };

    private static LayerAnalysis Measure(string name, nn.Module module, int order, Tensor output, Tensor localFloat, Tensor input, Tensor? reference)
    {
        bool aheadRelu = module is QuantizedLayer { AheadRelu: true };
        var tag = QuantTags.Get(output);
        TensorStatistics? weights = null;
        if (module is QuantizedLayer layer)
        {
            var (w, _) = layer.EvalParameters(input);
            var sw = layer.WeightScale(w);
            var wq = layer.QuantizeWeight(w, sw);
            weights = Statistics(w, sw.Exponent, layer.Config.ParameterBits, wq, aheadRelu: false);
        }
        var floatOutput = reference ?? localFloat;
        var integers = tag is null ? null : output.to_type(ScalarType.Float64).mul(tag.Scale.Value);
        var activations = Statistics(floatOutput, tag?.Scale.Exponent, tag?.Bits ?? 32, integers, aheadRelu);
        double sqnr = reference is null ? double.NaN : Sqnr(reference, output, aheadRelu);
        double local = Sqnr(localFloat, output, aheadRelu);
        var partial = new LayerAnalysis(name, module.GetType().Name, order, weights, activations, sqnr, local, "");
        return partial with { Advice = Advisor.Advise(partial) };
    }

    /// <summary>10·log10(Σ f² / Σ (f − q)²); after a ReLU when the layer feeds only one (negatives do not matter then).</summary>
    public static double Sqnr(Tensor reference, Tensor quantized, bool aheadRelu)
    {
        var f = reference.to_type(ScalarType.Float64);
        var q = quantized.to_type(ScalarType.Float64);
        if (aheadRelu)
        {
            f = nn.functional.relu(f);
            q = nn.functional.relu(q);
        }
        double signal = f.pow(2).sum().item<double>();
        double noise = (f - q).pow(2).sum().item<double>();
        if (noise == 0) return double.PositiveInfinity;
        if (signal == 0) return double.NegativeInfinity;
        return 10 * Math.Log10(signal / noise);
    }

    private static TensorStatistics Statistics(Tensor values, int? exponent, int bits, Tensor? integers, bool aheadRelu)
    {
        var v = values.detach().to_type(ScalarType.Float64).flatten();
        double min = v.min().item<double>(), max = v.max().item<double>();
        double mean = v.mean().item<double>(), std = v.numel() > 1 ? v.std(unbiased: false).item<double>() : 0;
        double clipped = 0;
        long maxQ = 0;
        int unused = 0;
        double bound = Math.Max(Math.Abs(min), Math.Abs(max));
        if (exponent is int n)
        {
            double hi = Math.ScaleB(1.0, bits - 1) - 1, lo = -Math.ScaleB(1.0, bits - 1);
            var q = v.mul(Math.ScaleB(1.0, n)).add_(0.5).floor_();
            var over = aheadRelu ? q.gt(hi) : q.gt(hi).logical_or(q.lt(lo));
            clipped = over.to_type(ScalarType.Float64).mean().item<double>();
            maxQ = integers is null ? 0 : (long)integers.abs().max().item<double>();
            int used = maxQ == 0 ? 0 : (int)Math.Ceiling(Math.Log2(maxQ + 1.0));
            unused = Math.Max(0, bits - 1 - used);
            bound = Math.Max(bound, -lo / Math.ScaleB(1.0, n));
        }
        double edge = bound == 0 ? 1 : bound * 1.05;
        // Bin index per value, counted with bincount (TorchSharp's histc takes integer bounds only).
        var index = v.add(edge).mul_(Bins / (2 * edge)).floor_().clamp_(0, Bins - 1).to_type(ScalarType.Int64);
        var counts = Platform.HostArrays.Of<long>(index.bincount(null, Bins));
        return new TensorStatistics(min, max, mean, std, exponent, bits, clipped, maxQ, unused, new Histogram(-edge, edge, counts));
    }
}
