using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Dialect.Contracts;
using LingerNet.Runtime.Ops;
using Onnx;

namespace LingerNet.Runtime.Loading;

/// <summary>
/// A validated, topologically sorted graph: constants, declared inputs, plan nodes, outputs.
/// Built once by <see cref="Build"/>; every defect found throws a <see cref="LingerException"/> naming the node.
/// </summary>
internal sealed class ExecutionPlan
{
    public required Dictionary<string, RuntimeTensor> Constants { get; init; }
    public required List<GraphInput> Inputs { get; init; }
    public required List<OpNode> Nodes { get; init; }
    public required List<string> Outputs { get; init; }
    /// <summary>Metadata of every value for the declared input shapes.</summary>
    public required Dictionary<string, ValueMeta> Metas { get; init; }
    /// <summary>Names of the graph initializers (not Constant-node outputs).</summary>
    public required HashSet<string> InitializerNames { get; init; }
    /// <summary>The value slots: every value name (constant, graph input, node output) has one int index.</summary>
    public required ValueSlots Slots { get; init; }
    /// <summary>
    /// The output metadata of every node (in <see cref="Nodes"/> order) for the declared input shapes
    /// (symbolic dimensions resolved to 1), fed as float (or the declared type) with no scale: what a run
    /// with those inputs reuses instead of inferring again.
    /// </summary>
    public required ValueMeta[][] DeclaredNodeMetas { get; init; }

    public static string Describe(NodeProto n, int index) =>
        n.Name.Length > 0 ? $"node '{n.Name}' ({n.OpType})"
                          : $"node #{index} ({n.OpType}, output '{(n.Output.Count > 0 ? n.Output[0] : "")}')";

    public static ExecutionPlan Build(ModelProto model, ChipTarget target)
    {
        var g = model.Graph;
        var ctx = new LoadContext();
        foreach (var init in g.Initializer)
        {
            if (init.Name.Length == 0) throw new LingerException("an initializer has no name.");
            if (!ctx.Constants.TryAdd(init.Name, OnnxReader.ToTensor(init, "initializer")))
                throw new LingerException($"initializer '{init.Name}' is defined twice.");
        }

        // Declared graph inputs (ONNX IR < 4 lists initializers as inputs too: skip those).
        var inputs = new List<(string Name, int[] Shape, TensorElementType Type)>();
        foreach (var vi in g.Input)
        {
            if (ctx.Constants.ContainsKey(vi.Name)) continue;
            string where = $"graph input '{vi.Name}'";
            var tt = vi.Type?.TensorType ?? throw new LingerException($"{where}: has no tensor type.");
            var type = OnnxReader.ElementType(tt.ElemType, where);
            if (type is not (TensorElementType.Float32 or TensorElementType.Int8 or TensorElementType.Int64))
                throw new LingerException($"{where}: element type {type} is not supported (float32, int8, or int64 indices).");
            if (tt.Shape is null) throw new LingerException($"{where}: has no shape.");
            var shape = tt.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue
                ? (d.DimValue is >= 0 and <= int.MaxValue ? (int)d.DimValue : throw new LingerException($"{where}: invalid dimension {d.DimValue}."))
                : -1).ToArray();
            inputs.Add((vi.Name, shape, type));
        }

        // Producers, then Kahn's topological sort.
        var nodes = g.Node.ToList();
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        var available = new HashSet<string>(ctx.Constants.Keys, StringComparer.Ordinal);
        foreach (var i in inputs) available.Add(i.Name);
        for (int i = 0; i < nodes.Count; i++)
            foreach (var o in nodes[i].Output)
            {
                if (o.Length == 0) continue;
                if (available.Contains(o) || !producer.TryAdd(o, i))
                    throw new LingerException($"{Describe(nodes[i], i)}: output '{o}' is already defined by another node, an input or an initializer.");
            }
        var pending = new int[nodes.Count];
        var consumers = new List<int>[nodes.Count];
        for (int i = 0; i < nodes.Count; i++) consumers[i] = [];
        for (int i = 0; i < nodes.Count; i++)
            foreach (var inp in nodes[i].Input.Where(s => s.Length > 0).Distinct())
            {
                if (producer.TryGetValue(inp, out int p)) { pending[i]++; consumers[p].Add(i); }
                else if (!available.Contains(inp))
                    throw new LingerException($"{Describe(nodes[i], i)}: input '{inp}' is missing: no node produces it and it is neither a graph input nor an initializer.");
            }
        var ready = new Queue<int>(Enumerable.Range(0, nodes.Count).Where(i => pending[i] == 0));
        var order = new List<int>(nodes.Count);
        while (ready.Count > 0)
        {
            int i = ready.Dequeue();
            order.Add(i);
            foreach (int c in consumers[i]) if (--pending[c] == 0) ready.Enqueue(c);
        }
        if (order.Count != nodes.Count)
        {
            var stuck = Enumerable.Range(0, nodes.Count).Where(i => pending[i] > 0).Take(5).Select(i => Describe(nodes[i], i));
            throw new LingerException($"the graph has a cycle (not topologically sortable) through {string.Join(", ", stuck)}.");
        }

        // Create and check every node in order against its contract, inferring types, scales and shapes as we go.
        var metas = new Dictionary<string, ValueMeta>(StringComparer.Ordinal);
        var nodeMetas = new List<ValueMeta[]>(nodes.Count);
        foreach (var (name, t) in ctx.Constants) metas[name] = ValueMeta.Of(t);
        foreach (var i in inputs) metas[i.Name] = new ValueMeta(i.Type, i.Shape.Select(d => d < 0 ? 1 : d).ToArray(), null);
        var declared = DeclaredValues(g);
        var plan = new List<OpNode>(nodes.Count);
        var venusProblems = new List<string>();
        foreach (int i in order)
        {
            var op = CreateNode(nodes[i], Describe(nodes[i], i), ctx);
            var inMetas = op.Inputs.Select(s => s.Length == 0 ? null : metas[s]).ToArray();
            var outMetas = op.Infer(inMetas);
            for (int k = 0; k < outMetas.Length; k++)
            {
                if (op.Outputs[k].Length == 0) continue;
                if (declared.TryGetValue(op.Outputs[k], out var d)) CheckDeclared(op, op.Outputs[k], d, outMetas[k]);
                metas[op.Outputs[k]] = outMetas[k];
            }
            if (target == ChipTarget.Venus)
            {
                venusProblems.AddRange(ContractChecks.VenusProblems(op.Contract, op.View(inMetas)));
                // linger and the generic runtime carry an empty tensor through; the chip's tensors hold at least one element.
                for (int k = 0; k < outMetas.Length; k++)
                    if (op.Outputs[k].Length > 0 && outMetas[k].Shape.Contains(0))
                        venusProblems.Add($"{op.Where}: output '{op.Outputs[k]}' is empty [{RuntimeTensor.FormatShape(outMetas[k].Shape)}]; " +
                                          "venus tensors hold at least one element: check the slice or split bounds that produce it.");
            }
            plan.Add(op);
            nodeMetas.Add(outMetas);
        }
        if (venusProblems.Count > 0)
            throw new LingerException("the model breaks venus chip rules (the chip refuses or miscomputes these; load with LoadOptions { Target = ChipTarget.Generic } " +
                                      "to run linger's intended semantics instead):" + Environment.NewLine + string.Join(Environment.NewLine, venusProblems.Select(p => "  - " + p)));

        var outputs = new List<string>();
        foreach (var o in g.Output)
        {
            if (!metas.ContainsKey(o.Name))
                throw new LingerException($"graph output '{o.Name}' is not produced by any node.");
            outputs.Add(o.Name);
        }
        if (outputs.Count == 0) throw new LingerException("the graph declares no outputs.");

        // What an int8 feed means for each input.
        var graphInputs = inputs.Select(i =>
        {
            var users = plan.Where(n => n.Inputs.Contains(i.Name)).ToList();
            Pow2Scale? scale = null;
            if (i.Type == TensorElementType.Float32)
            {
                var quants = users.OfType<QuantOp>().Select(q => q.Scale).Distinct().ToList();
                if (users.Count > 0 && users.All(u => u is QuantOp) && quants.Count == 1) scale = quants[0];
            }
            return new GraphInput(i.Name, i.Shape, i.Type, scale);
        }).ToList();

        return new ExecutionPlan { Constants = ctx.Constants, Inputs = graphInputs, Nodes = plan, Outputs = outputs, Metas = metas,
            InitializerNames = new HashSet<string>(g.Initializer.Select(t => t.Name), StringComparer.Ordinal),
            Slots = ValueSlots.Build(ctx.Constants, graphInputs, plan, outputs), DeclaredNodeMetas = nodeMetas.ToArray() };
    }

    /// <summary>Looks up the op's contract and kernel, checks the node's structure against the contract, and creates its plan node.</summary>
    private static OpNode CreateNode(NodeProto node, string where, LoadContext ctx)
    {
        var contract = OpCatalog.Find(node.Domain, node.OpType);
        var factory = KernelRegistry.Find(node.Domain, node.OpType);
        if (contract is null || factory is null)
        {
            string domain = node.Domain.Length == 0 ? "the standard domain" : $"domain '{node.Domain}'";
            bool inThinker = OpCatalog.Find(ThinkerDialect.Domain, node.OpType) is not null;
            bool inStandard = OpCatalog.Find(ThinkerDialect.StandardDomain, node.OpType) is not null;
            string hint = contract is not null ? " (the dialect defines it, but this runtime has no kernel for it yet)"
                : inThinker && node.Domain != ThinkerDialect.Domain ? $" (did you mean domain '{ThinkerDialect.Domain}'?)"
                : inStandard ? " (it belongs to the standard domain)" : "";
            throw new LingerException($"{where}: op '{node.OpType}' in {domain} is not supported by the Linger runtime{hint}. Supported: {string.Join(", ", KernelRegistry.SupportedNames)}.");
        }
        var attributes = new NodeAttributes(node, where);
        var problems = new List<string>();
        ContractChecks.CheckStructure(contract, attributes.Set, node.Input.Select(n => n.Length > 0).ToList(), node.Output.Count, problems);
        for (int k = 0; k < node.Output.Count; k++)
            if (node.Output[k].Length == 0 && k < contract.Outputs.Count && !contract.Outputs[k].Optional)
                problems.Add($"{where}: output {k} ({contract.Outputs[k].Name}) has an empty name.");
        for (int k = 0; k < node.Input.Count; k++)
            if (node.Input[k].Length > 0 && (k < contract.Inputs.Count || contract.MaxInputs == int.MaxValue)
                && contract.InputPort(k).Constant && !ctx.Constants.ContainsKey(node.Input[k]))
                problems.Add($"{where}: input {k} ({contract.InputPort(k).Name}) '{node.Input[k]}' must be an initializer (or Constant), but it is not.");
        if (problems.Count > 0) throw new LingerException(string.Join(Environment.NewLine, problems));
        return factory(node, where, attributes, ctx);
    }

    /// <summary>Types and shapes the file declares for values (value_info and graph outputs); −1 marks a symbolic dimension.</summary>
    private static Dictionary<string, (int Type, int[]? Shape)> DeclaredValues(GraphProto g)
    {
        var d = new Dictionary<string, (int, int[]?)>(StringComparer.Ordinal);
        foreach (var vi in g.ValueInfo.Concat(g.Output))
        {
            var tt = vi.Type?.TensorType;
            if (tt is null) continue;
            int[]? shape = tt.Shape?.Dim.Select(x => x.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && x.DimValue is >= 0 and <= int.MaxValue ? (int)x.DimValue : -1).ToArray();
            d[vi.Name] = (tt.ElemType, shape);
        }
        return d;
    }

    private static void CheckDeclared(OpNode op, string name, (int Type, int[]? Shape) declared, ValueMeta inferred)
    {
        if (declared.Type != 0 && declared.Type != inferred.Type.OnnxCode())
            throw new LingerException($"{op.Where}: output '{name}' is declared {OnnxDataTypes.Name(declared.Type)} but the op produces {OnnxDataTypes.Name(inferred.Type.OnnxCode())}.");
        if (declared.Shape is not { } s) return;
        bool ok = s.Length == inferred.Shape.Length;
        for (int i = 0; ok && i < s.Length; i++) ok = s[i] < 0 || s[i] == inferred.Shape[i];
        if (!ok)
            throw new LingerException($"{op.Where}: output '{name}' is declared [{RuntimeTensor.FormatShape(s)}] but the op produces [{RuntimeTensor.FormatShape(inferred.Shape)}] (−1 = any).");
    }
}
