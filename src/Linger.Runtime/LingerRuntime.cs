using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Loading;
using LingerNet.Runtime.Ops;

namespace LingerNet.Runtime;

/// <summary>
/// Loads a thinker-dialect ONNX file (as exported by linger / Linger.NET) and runs it with the venus
/// chip's integer arithmetic, bit for bit. Pure C#, no TorchSharp.
/// <code>
/// using var rt = LingerRuntime.Load("kws.onnx");
/// RunResult r = rt.Run(floatInput);            // applies the leading Quant
/// sbyte[] logits = r.Outputs[0].Int8!;         // before the trailing Dequant
/// </code>
/// Every defect of the file (not ONNX, unknown op, missing attribute, non-power-of-two scale, wrong
/// dtype or shape, missing initializer, chip-defect configurations) is reported at load as a
/// <see cref="LingerException"/> that names the file and the node.
/// </summary>
public sealed class LingerRuntime : IDisposable
{
    private readonly ExecutionPlan _plan;
    private readonly ShapePlan _declared;

    private LingerRuntime(ExecutionPlan plan, string source)
    {
        _plan = plan;
        _declared = new ShapePlan(plan.DeclaredNodeMetas, BufferAssignment.Build(plan, plan.DeclaredNodeMetas));
        Source = source;
        Nodes = plan.Nodes.Select(n => new ModelNode(n.Name, n.OpType, n.Domain, n.Inputs, n.Outputs, n.Attributes, n.Contract)).ToList();
        _reluAfter = ReluFusions(plan);
    }

    /// <summary>
    /// For each node, the index of the Relu it can apply itself (else −1): the very next node is a Relu whose
    /// only input is this node's only output, read by nothing else and not a graph output. Only the next
    /// node, so that writing the Relu's result early cannot clobber a buffer still live in between.
    /// </summary>
    private static int[] ReluFusions(ExecutionPlan plan)
    {
        var slots = plan.Slots;
        var readers = new int[slots.Count];
        foreach (var ins in slots.NodeInputs) foreach (int s in ins) if (s >= 0) readers[s]++;
        foreach (int s in slots.GraphOutputs) if (s >= 0) readers[s]++;
        var after = new int[plan.Nodes.Count];
        for (int k = 0; k < after.Length; k++)
        {
            after[k] = -1;
            if (k + 1 >= after.Length || plan.Nodes[k] is not IReluFusable { CanFuseRelu: true } || plan.Nodes[k + 1] is not ReluOp) continue;
            var outs = slots.NodeOutputs[k];
            var next = slots.NodeInputs[k + 1];
            if (outs.Length == 1 && outs[0] >= 0 && next.Length == 1 && next[0] == outs[0] && readers[outs[0]] == 1
                && slots.NodeOutputs[k + 1].Length == 1 && slots.NodeOutputs[k + 1][0] >= 0)
                after[k] = k + 1;
        }
        return after;
    }

    private readonly int[] _reluAfter;

    /// <summary>The ops this runtime executes, qualified (<c>thinker::Conv2dInt</c>, <c>Relu</c>).</summary>
    public static IEnumerable<string> SupportedOps => Ops.KernelRegistry.SupportedNames;

    /// <summary>
    /// The liveness-based memory plan for the declared input shapes: peak activation bytes (the reusable
    /// buffers) against the naive sum of all intermediates.
    /// </summary>
    public MemoryPlan MemoryPlan => _declared.Buffers.Summary;

    /// <summary>The target the model was checked against at load (<see cref="LoadOptions.Target"/>).</summary>
    public ChipTarget Target { get; private init; }

    private static ChipTarget? RecordedTarget(Onnx.ModelProto proto)
        => ThinkerDialect.ParseTarget(proto.MetadataProps.FirstOrDefault(p => p.Key == ThinkerDialect.TargetMetadataKey)?.Value);

    /// <summary>Where the model came from (file path, or the name given to the bytes/stream overloads).</summary>
    public string Source { get; }

    /// <summary>The graph inputs (initializers excluded).</summary>
    public IReadOnlyList<GraphInput> Inputs => _plan.Inputs;

    /// <summary>The graph output names, in declaration order.</summary>
    public IReadOnlyList<string> OutputNames => _plan.Outputs;

    /// <summary>The nodes in execution (topological) order, as loaded and validated.</summary>
    public IReadOnlyList<ModelNode> Nodes { get; }

    /// <summary>
    /// What the loader inferred about a value (graph input, initializer, node output) for the declared input
    /// shapes; null when the graph has no value of that name.
    /// </summary>
    public ModelValue? DescribeValue(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _plan.Metas.TryGetValue(name, out var m)
            ? new ModelValue(name, m.Type, m.Shape, m.ScaleExponent is { } q ? new Pow2Scale(q) : null, _plan.InitializerNames.Contains(name))
            : null;
    }

    /// <summary>Loads and validates a model file.</summary>
    /// <exception cref="LingerException">The file cannot be read or is not a valid thinker-dialect model.</exception>
    public static LingerRuntime Load(string path, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new LingerException($"{path}: cannot read the model file: {e.Message}", e);
        }
        return Load(bytes, path, options);
    }

    /// <summary>Loads and validates a model from a stream (read to the end).</summary>
    /// <exception cref="LingerException">The stream cannot be read or is not a valid thinker-dialect model.</exception>
    public static LingerRuntime Load(Stream stream, string source = "<stream>", LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var ms = new MemoryStream();
        try
        {
            stream.CopyTo(ms);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or ObjectDisposedException)
        {
            throw new LingerException($"{source}: cannot read the model: {e.Message}", e);
        }
        return Load(ms.ToArray(), source, options);
    }

    /// <summary>Loads and validates a model from its serialized bytes.</summary>
    /// <param name="model">The ONNX protobuf bytes.</param>
    /// <param name="source">A name for error messages (e.g. the file it came from).</param>
    /// <exception cref="LingerException">The bytes are not a valid thinker-dialect model.</exception>
    /// <param name="options">The target to check against (default: the one the file records, else venus).</param>
    public static LingerRuntime Load(byte[] model, string source = "<bytes>", LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            var proto = OnnxReader.Parse(model, source);
            var target = options?.Target ?? RecordedTarget(proto) ?? ChipTarget.Venus;
            return new LingerRuntime(ExecutionPlan.Build(proto, target), source) { Target = target };
        }
        catch (LingerException e) when (!e.Message.StartsWith(source + ":", StringComparison.Ordinal))
        {
            throw new LingerException($"{source}: {e.Message}", e);
        }
        catch (Exception e) when (e is not LingerException)
        {
            throw new LingerException($"{source}: invalid model ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    /// <summary>Runs a single-input model on float values in the declared shape (the leading Quant quantizes them).</summary>
    /// <exception cref="LingerException">The model has several inputs, or the length does not match.</exception>
    public RunResult Run(float[] input, RunOptions? options = null) =>
        Run(new RuntimeTensor(SingleInput().Name, DeclaredShape(SingleInput(), input.Length), input), options);

    /// <summary>
    /// Runs a single-input model on int8 values in the declared shape: the leading Quant is skipped, so the
    /// values must already be at that Quant's scale (<see cref="GraphInput.Int8Scale"/>).
    /// </summary>
    /// <exception cref="LingerException">The model has several inputs, the input cannot take int8, or the length does not match.</exception>
    public RunResult Run(sbyte[] input, RunOptions? options = null) =>
        Run(new RuntimeTensor(SingleInput().Name, DeclaredShape(SingleInput(), input.Length), input), options);

    /// <summary>Runs a single-input model on a tensor (its name is ignored).</summary>
    public RunResult Run(RuntimeTensor input, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var gi = SingleInput();
        return Run(new Dictionary<string, RuntimeTensor> { [gi.Name] = input }, options);
    }

    /// <summary>
    /// Runs the model. Each graph input takes either a float32 tensor (quantized by its leading Quant) or
    /// an int8 tensor (the leading Quant is skipped; the values are read at <see cref="GraphInput.Int8Scale"/>).
    /// Shapes must match the declaration except for symbolic dimensions.
    /// </summary>
    /// <exception cref="LingerException">A missing, unknown or mis-shaped input, or a failure inside a node (named).</exception>
    public RunResult Run(IReadOnlyDictionary<string, RuntimeTensor> inputs, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        bool dump = options?.Dump ?? false;
        var slots = _plan.Slots;
        var values = (RuntimeTensor?[])slots.ConstantTemplate.Clone();
        var dumped = dump ? new List<RuntimeTensor>() : null;
        var profile = options?.Profile == true ? new List<NodeTiming>(_plan.Nodes.Count) : null;
        bool[]? skipped = null;

        foreach (var name in inputs.Keys)
            if (!_plan.Inputs.Any(i => i.Name == name))
                throw new LingerException($"{Source}: the model has no input named '{name}' (inputs: {string.Join(", ", _plan.Inputs.Select(i => i.Name))}).");
        for (int g = 0; g < _plan.Inputs.Count; g++)
        {
            var gi = _plan.Inputs[g];
            if (!inputs.TryGetValue(gi.Name, out var t))
                throw new LingerException($"{Source}: input '{gi.Name}' was not given.");
            CheckShape(gi, t);
            if (options?.RejectNonFinite == true) NonFiniteInputs.Check(Source, t, gi.Name);
            if (t.ElementType == gi.ElementType)
            {
                var fed = new RuntimeTensor(gi.Name, t.Shape, t.Data, gi.ElementType == TensorElementType.Int8 ? gi.Int8Scale ?? t.Scale : null);
                values[slots.GraphInputs[g]] = fed;
                dumped?.Add(fed);
            }
            else if (t.ElementType == TensorElementType.Int8 && gi.Int8Scale is { } scale)
            {
                // Skip the leading Quant node(s): their output is the int8 feed.
                skipped ??= new bool[_plan.Nodes.Count];
                foreach (int k in slots.LeadingQuants[g])
                {
                    skipped[k] = true;
                    var q = _plan.Nodes[k];
                    var fed = new RuntimeTensor(q.Outputs[0], t.Shape, t.Data, scale);
                    values[slots.NodeOutputs[k][0]] = fed;
                    dumped?.Add(fed);
                }
            }
            else
            {
                string accepted = gi.ElementType == TensorElementType.Float32 && gi.Int8Scale is null ? "Float32"
                    : gi.ElementType == TensorElementType.Float32 ? "Float32 or Int8" : gi.ElementType.ToString();
                throw new LingerException($"{Source}: input '{gi.Name}' was given as {t.ElementType} but takes {accepted}.");
            }
        }

        var shapePlan = ShapePlanFor(values, skipped);
        var nodeMetas = shapePlan.NodeMetas;
        // A dump keeps every intermediate, so it cannot share buffers.
        var buffers = dump ? null : shapePlan.RentBuffers();
        var bufferOf = shapePlan.Buffers.BufferOfSlot;
        int callerThreads = Kernels.Fast.IntraOpThreads.Current;
        Kernels.Fast.IntraOpThreads.Current = options?.Threads ?? 1;
        try
        {
            int fusedRelu = -1;
            for (int k = 0; k < _plan.Nodes.Count; k++)
            {
                if (skipped is not null && skipped[k]) continue;
                if (k == fusedRelu) continue;
                var op = _plan.Nodes[k];
                var inSlots = slots.NodeInputs[k];
                var ins = new RuntimeTensor[inSlots.Length];
                for (int i = 0; i < inSlots.Length; i++) ins[i] = inSlots[i] >= 0 ? values[inSlots[i]]! : null!;
                var metas = nodeMetas[k];
                var outSlots = slots.NodeOutputs[k];
                Array[] data;
                long started = profile is not null ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
                try
                {
                    if (buffers is not null && _reluAfter[k] >= 0 && TryRunWithRelu(op, k, ins, metas, inSlots, buffers, bufferOf, nodeMetas, values))
                    {
                        fusedRelu = k + 1;
                        profile?.Add(Timing(op, started, _plan.Nodes[k + 1]));
                        continue;
                    }
                    if (buffers is not null && outSlots.Length == 1 && outSlots[0] >= 0 && bufferOf[outSlots[0]] >= 0
                        && op.ExecuteInto(ins, metas, buffers[bufferOf[outSlots[0]]]))
                    {
                        var m0 = metas[0];
                        values[outSlots[0]] = new RuntimeTensor(op.Outputs[0], m0.Shape, buffers[bufferOf[outSlots[0]]], m0.ScaleExponent is { } q0 ? new Pow2Scale(q0) : null);
                        profile?.Add(Timing(op, started));
                        continue;
                    }
                    data = op.Execute(ins, metas);
                    profile?.Add(Timing(op, started));
                }
                catch (LingerException e)
                {
                    throw new LingerException($"{Source}: {e.Message}", e);
                }
                catch (Exception e)
                {
                    throw new LingerException($"{Source}: {op.Where}: failed while running ({e.GetType().Name}: {e.Message}).", e);
                }
                for (int o = 0; o < data.Length && o < outSlots.Length; o++)
                {
                    if (outSlots[o] < 0) continue;
                    var m = metas[o];
                    var t = new RuntimeTensor(op.Outputs[o], m.Shape, data[o], m.ScaleExponent is { } q ? new Pow2Scale(q) : null);
                    values[outSlots[o]] = t;
                    if (op is not ConstantOp) dumped?.Add(t);
                }
            }
        }
        finally
        {
            if (buffers is not null) shapePlan.ReturnBuffers(buffers);
            Kernels.Fast.IntraOpThreads.Current = callerThreads;
        }

        var outputs = new List<RunOutput>(slots.GraphOutputs.Length);
        for (int o = 0; o < slots.GraphOutputs.Length; o++) outputs.Add(MakeOutput(o, values));
        return new RunResult(outputs, dumped, profile);
    }

    private static NodeTiming Timing(OpNode op, long started, OpNode? fused = null) =>
        new(fused is null ? op.Name : $"{op.Name} + {fused.Name}",
            (op.Domain.Length == 0 ? op.OpType : $"{op.Domain}::{op.OpType}") + (fused is null ? "" : $" + {fused.OpType}"),
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds);

    /// <summary>
    /// Runs node <paramref name="k"/> with the next node's Relu applied, straight into the Relu's output
    /// buffer, unless that buffer is one the node reads (the plan may reuse a dead input's buffer there) and
    /// the node cannot write over its inputs.
    /// </summary>
    private bool TryRunWithRelu(OpNode op, int k, RuntimeTensor[] ins, ValueMeta[] metas, int[] inSlots, Array[] buffers, int[] bufferOf,
        ValueMeta[][] nodeMetas, RuntimeTensor?[] values)
    {
        int reluOut = _plan.Slots.NodeOutputs[k + 1][0];
        int buffer = bufferOf[reluOut];
        if (buffer < 0) return false;
        var fusable = (IReluFusable)op;
        if (!fusable.MayOverwriteInputs)
            foreach (int s in inSlots) if (s >= 0 && bufferOf[s] == buffer) return false;
        if (!fusable.ExecuteIntoWithRelu(ins, metas, buffers[buffer])) return false;
        var m = nodeMetas[k + 1][0];
        values[reluOut] = new RuntimeTensor(_plan.Nodes[k + 1].Outputs[0], m.Shape, buffers[buffer], m.ScaleExponent is { } q ? new Pow2Scale(q) : null);
        return true;
    }

    /// <summary>
    /// The output metadata of every node for the fed inputs: the load-time inference when the inputs are
    /// what the plan was built for, else a re-inference over the whole graph, cached per input signature.
    /// </summary>
    private ShapePlan ShapePlanFor(RuntimeTensor?[] values, bool[]? skipped)
    {
        if (FedAsDeclared(values, skipped)) return _declared;
        string key = FedSignature(values, skipped);
        if (_replans.TryGetValue(key, out var cached)) return cached;
        var metas = InferAll(values, skipped);
        var plan = new ShapePlan(metas, BufferAssignment.Build(_plan, metas));
        if (_replans.Count < MaxCachedPlans) _replans.TryAdd(key, plan);
        return plan;
    }

    /// <summary>How many input signatures keep their inferred metadata (beyond that, each run infers again).</summary>
    private const int MaxCachedPlans = 64;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ShapePlan> _replans = new(StringComparer.Ordinal);

    /// <summary>The tensor that stands for graph input <paramref name="g"/> in this run (its Quant's output when fed int8).</summary>
    private RuntimeTensor FedValue(RuntimeTensor?[] values, bool[]? skipped, int g)
    {
        var lead = _plan.Slots.LeadingQuants[g];
        return skipped is not null && lead.Length > 0 && skipped[lead[0]]
            ? values[_plan.Slots.NodeOutputs[lead[0]][0]]!
            : values[_plan.Slots.GraphInputs[g]]!;
    }

    private bool FedAsDeclared(RuntimeTensor?[] values, bool[]? skipped)
    {
        for (int g = 0; g < _plan.Inputs.Count; g++)
        {
            var gi = _plan.Inputs[g];
            var fed = FedValue(values, skipped, g);
            // An int8 feed replacing the leading Quant carries exactly the Quant's output metadata.
            bool viaQuant = fed.Name != gi.Name;
            if (!viaQuant && (fed.ElementType != gi.ElementType || fed.Scale is not null)) return false;
            if (fed.Shape.Length != gi.Shape.Length) return false;
            for (int d = 0; d < gi.Shape.Length; d++)
                if (fed.Shape[d] != (gi.Shape[d] < 0 ? 1 : gi.Shape[d])) return false;
        }
        return true;
    }

    private string FedSignature(RuntimeTensor?[] values, bool[]? skipped)
    {
        var sb = new System.Text.StringBuilder();
        for (int g = 0; g < _plan.Inputs.Count; g++)
        {
            var fed = FedValue(values, skipped, g);
            sb.Append(fed.Name).Append(':').Append(fed.ElementType).Append('@').Append(fed.Scale?.Exponent.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")
              .Append('[').Append(RuntimeTensor.FormatShape(fed.Shape)).Append("];");
        }
        return sb.ToString();
    }

    /// <summary>Infers every node's outputs from the fed inputs (what each run used to do, now once per input signature).</summary>
    private ValueMeta[][] InferAll(RuntimeTensor?[] values, bool[]? skipped)
    {
        var slots = _plan.Slots;
        var metas = new ValueMeta?[slots.Count];
        for (int s = 0; s < values.Length; s++) if (values[s] is { } t) metas[s] = ValueMeta.Of(t);
        var result = new ValueMeta[_plan.Nodes.Count][];
        for (int k = 0; k < _plan.Nodes.Count; k++)
        {
            if (skipped is not null && skipped[k]) { result[k] = []; continue; }
            var op = _plan.Nodes[k];
            var ins = slots.NodeInputs[k].Select(s => s < 0 ? null : metas[s]).ToArray();
            try
            {
                result[k] = op.Infer(ins);
            }
            catch (LingerException e)
            {
                throw new LingerException($"{Source}: {e.Message}", e);
            }
            catch (Exception e)
            {
                throw new LingerException($"{Source}: {op.Where}: failed while running ({e.GetType().Name}: {e.Message}).", e);
            }
            var outSlots = slots.NodeOutputs[k];
            for (int o = 0; o < outSlots.Length && o < result[k].Length; o++)
                if (outSlots[o] >= 0) metas[outSlots[o]] = result[k][o];
        }
        return result;
    }

    private RunOutput MakeOutput(int index, RuntimeTensor?[] values)
    {
        string name = _plan.Outputs[index];
        var t = values[_plan.Slots.GraphOutputs[index]]!;
        int[] shape = (int[])t.Shape.Clone(); // the plan's shapes are shared between runs; the caller gets its own
        int producer = _plan.Slots.OutputProducers[index];
        if (producer >= 0 && _plan.Nodes[producer] is DequantOp dq
            && values[_plan.Slots.NodeInputs[producer][0]] is { ElementType: TensorElementType.Int8 } src)
            return new RunOutput(name, shape, src.AsInt8(), t.AsFloat32(), dq.Scale);
        if (t.ElementType == TensorElementType.Float32)
            return new RunOutput(name, shape, null, t.AsFloat32(), null);
        if (t.ElementType == TensorElementType.Int8)
        {
            float[]? f = t.Scale is { } s ? Kernels.DequantKernel.Run(t, s) : null;
            return new RunOutput(name, shape, t.AsInt8(), f, t.Scale);
        }
        float[]? wide = t.Scale is { } ws ? Kernels.DequantKernel.Run(t, ws) : null;
        return new RunOutput(name, shape, null, wide, t.Scale);
    }

    private GraphInput SingleInput() => _plan.Inputs.Count == 1
        ? _plan.Inputs[0]
        : throw new LingerException($"{Source}: the model has {_plan.Inputs.Count} inputs; pass a dictionary of named tensors.");

    private int[] DeclaredShape(GraphInput gi, int length)
    {
        int[] shape = gi.Shape.Select(d => d < 0 ? 1 : d).ToArray();
        long n = RuntimeTensor.ElementCount(shape);
        int dyn = Array.FindIndex(gi.Shape, d => d < 0);
        if (n != length && dyn >= 0 && n > 0 && length % n == 0) shape[dyn] = (int)(length / n);
        else if (n != length)
            throw new LingerException($"{Source}: input '{gi.Name}' needs {n} values (shape [{RuntimeTensor.FormatShape(gi.Shape)}]), got {length}.");
        return shape;
    }

    private void CheckShape(GraphInput gi, RuntimeTensor t)
    {
        bool ok = t.Shape.Length == gi.Shape.Length;
        for (int i = 0; ok && i < t.Shape.Length; i++) ok = gi.Shape[i] < 0 || gi.Shape[i] == t.Shape[i];
        if (!ok)
            throw new LingerException($"{Source}: input '{gi.Name}' has shape [{RuntimeTensor.FormatShape(t.Shape)}] but the model declares [{RuntimeTensor.FormatShape(gi.Shape)}] (−1 = any).");
    }

    /// <summary>Releases nothing today (all memory is managed); kept so callers can write <c>using var rt = ...</c>.</summary>
    public void Dispose() { }
}
