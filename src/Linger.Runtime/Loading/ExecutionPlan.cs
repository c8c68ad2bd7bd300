using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
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

    public static string Describe(NodeProto n, int index) =>
        n.Name.Length > 0 ? $"node '{n.Name}' ({n.OpType})"
                          : $"node #{index} ({n.OpType}, output '{(n.Output.Count > 0 ? n.Output[0] : "")}')";

    public static ExecutionPlan Build(ModelProto model)
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
            if (type is not (TensorElementType.Float32 or TensorElementType.Int8))
                throw new LingerException($"{where}: element type {type} is not supported (float32 or int8).");
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

        // Create and check every node in order, inferring types and shapes as we go.
        var metas = new Dictionary<string, ValueMeta>(StringComparer.Ordinal);
        foreach (var (name, t) in ctx.Constants) metas[name] = ValueMeta.Of(t);
        foreach (var i in inputs) metas[i.Name] = new ValueMeta(i.Type, i.Shape.Select(d => d < 0 ? 1 : d).ToArray(), null);
        var plan = new List<OpNode>(nodes.Count);
        foreach (int i in order)
        {
            var op = OpFactory.Create(nodes[i], Describe(nodes[i], i), ctx);
            var inMetas = op.Inputs.Where(s => s.Length > 0).Select(s => metas[s]).ToArray();
            var outMetas = op.Infer(inMetas);
            for (int k = 0; k < outMetas.Length && k < op.Outputs.Length; k++)
                if (op.Outputs[k].Length > 0) metas[op.Outputs[k]] = outMetas[k];
            plan.Add(op);
        }

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
            InitializerNames = new HashSet<string>(g.Initializer.Select(t => t.Name), StringComparer.Ordinal) };
    }
}
