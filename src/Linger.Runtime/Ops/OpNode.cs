using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Dialect.Contracts;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// One node of the execution plan. Its <see cref="Contract"/> (from <see cref="OpCatalog"/>) decides
/// what the node accepts and produces: <see cref="Infer"/> checks input types and scales and infers
/// output types, scales and shapes from it, at load for validation and at every run on the actual
/// shapes. A subclass reads its attributes and constants at construction, adds the checks only it
/// knows (<see cref="Validate"/>) and executes with a reference kernel.
/// </summary>
internal abstract class OpNode
{
    protected OpNode(NodeProto node, string where)
    {
        Name = node.Name;
        OpType = node.OpType;
        Domain = node.Domain;
        Attributes = ReadAttributes(node);
        Where = where;
        Inputs = node.Input.ToArray();
        Outputs = node.Output.ToArray();
        Contract = OpCatalog.Find(node.Domain, node.OpType)
                   ?? throw new InvalidOperationException($"{where}: no contract for {node.OpType}");
        AttributeSet = new AttributeSet(Attributes, where);
    }

    public string Name { get; }
    public string OpType { get; }
    /// <summary>The node's ONNX domain as written in the file ("thinker", "" or "ai.onnx").</summary>
    public string Domain { get; }
    /// <summary>The attributes as plain values (see <see cref="ModelNode.Attributes"/>).</summary>
    public IReadOnlyDictionary<string, object> Attributes { get; }
    /// <summary>The same attributes with typed, checked access.</summary>
    public AttributeSet AttributeSet { get; }
    /// <summary>The op's one description.</summary>
    public OpContract Contract { get; }
    /// <summary>"node 'name' (OpType)", the prefix of every error about this node.</summary>
    public string Where { get; }
    /// <summary>Input value names; an empty name marks an omitted optional input.</summary>
    public string[] Inputs { get; }
    public string[] Outputs { get; }

    internal static Dictionary<string, object> ReadAttributes(NodeProto node)
    {
        var d = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var a in node.Attribute)
        {
            object? v = a.Type switch
            {
                AttributeProto.Types.AttributeType.Float => (double)a.F,
                AttributeProto.Types.AttributeType.Int => a.I,
                AttributeProto.Types.AttributeType.String => a.S.ToStringUtf8(),
                AttributeProto.Types.AttributeType.Ints => a.Ints.ToArray(),
                AttributeProto.Types.AttributeType.Floats => a.Floats.Select(f => (double)f).ToArray(),
                AttributeProto.Types.AttributeType.Tensor => a.T,
                _ => null, // graphs: not used by the dialect
            };
            if (v is not null) d.TryAdd(a.Name, v);
        }
        return d;
    }

    /// <summary>
    /// Checks the inputs against the contract (types, scales, shapes, plus <see cref="Validate"/>) and returns
    /// the metadata of every output slot. <paramref name="inputs"/> is positional: null for an omitted input.
    /// </summary>
    public virtual ValueMeta[] Infer(ValueMeta?[] inputs)
    {
        var problems = new List<string>();
        var types = ContractChecks.CheckTypes(Contract, AttributeSet, inputs.Select(m => m is null ? -1 : m.Type.OnnxCode()).ToList(), problems);
        var scales = ContractChecks.CheckScales(Contract, AttributeSet, inputs.Select(m => m?.ScaleExponent).ToList(), Inputs, problems);
        if (problems.Count > 0) throw new LingerException(problems[0]);
        var shapes = InferShapes(View(inputs));
        Validate(inputs);
        var result = new ValueMeta[Outputs.Length];
        for (int k = 0; k < result.Length; k++)
        {
            int type = k < types.Length ? types[k] : -1;
            if (type < 0 || k >= shapes.Length)
                throw new LingerException($"{Where}: output {k} has no defined type or shape.");
            result[k] = new ValueMeta(TensorElementTypes.FromOnnx(type), shapes[k], type == Numerics.Dialect.OnnxDataTypes.Float ? null : scales[k]);
        }
        return result;
    }

    /// <summary>What the contract's shape inference and the venus limits see of this node for these inputs.</summary>
    public NodeView View(ValueMeta?[] inputs) =>
        new(AttributeSet, inputs.Select(m => m?.Shape).ToList(), ConstantValue, inputs.Select(m => m is null ? -1 : m.Type.OnnxCode()).ToList());

    /// <summary>Values of constant integer inputs known at construction (Reshape's shape); null otherwise.</summary>
    protected virtual long[]? ConstantValue(int input) => null;

    /// <summary>Output shapes; the contract's inference unless the op knows better (Constant).</summary>
    protected virtual int[][] InferShapes(NodeView view) => Contract.InferShapes(view);

    /// <summary>Checks only this op can make (e.g. against weights read at construction).</summary>
    protected virtual void Validate(ValueMeta?[] inputs) { }

    /// <summary>
    /// Computes the outputs' data; <paramref name="outputs"/> is <see cref="Infer"/>'s result for these inputs.
    /// <paramref name="inputs"/> is positional; an omitted optional input is null.
    /// </summary>
    public abstract Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs);

    /// <summary>
    /// Computes the single output into <paramref name="destination"/> (a buffer of the memory plan, exactly
    /// the output's length and element type, overwritten entirely) and returns true; false when this op or
    /// the current kernel path cannot, and the caller uses <see cref="Execute"/> instead.
    /// </summary>
    public virtual bool ExecuteInto(RuntimeTensor[] inputs, ValueMeta[] outputs, Array destination) => false;

    protected bool HasInput(int i) => i < Inputs.Length && Inputs[i].Length > 0;

    /// <summary>Reads a 2-element int list attribute (kernel, stride, dilation) and checks positivity.</summary>
    protected static int[] Pair(NodeAttributes a, string name, int[]? fallback, int min)
    {
        int[] v = fallback is null ? a.GetInts(name) : a.GetInts(name, fallback);
        if (v.Length != 2) throw new LingerException($"{a.Where}: attribute '{name}' must have 2 values, has {v.Length}.");
        if (v.Any(x => x < min)) throw new LingerException($"{a.Where}: attribute '{name}' = [{string.Join(", ", v)}] must be ≥ {min}.");
        return v;
    }

    /// <summary>Reads ONNX pads [top, left, bottom, right] (default zeros).</summary>
    protected static int[] Pads(NodeAttributes a) => Numerics.Dialect.Contracts.ShapeRules.Pads2d(a.Set);
}
