using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// One node of the execution plan: checks its attributes and constant inputs at construction,
/// infers output types/shapes/scales (<see cref="Infer"/>, run at load for validation and at every run
/// on the actual shapes) and executes with a reference kernel.
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
    }

    public string Name { get; }
    public string OpType { get; }
    /// <summary>The node's ONNX domain as written in the file ("thinker", "" or "ai.onnx").</summary>
    public string Domain { get; }
    /// <summary>The attributes as plain values (see <see cref="ModelNode.Attributes"/>).</summary>
    public IReadOnlyDictionary<string, object> Attributes { get; }
    /// <summary>"node 'name' (OpType)", the prefix of every error about this node.</summary>
    public string Where { get; }
    public string[] Inputs { get; }
    public string[] Outputs { get; }

    private static Dictionary<string, object> ReadAttributes(NodeProto node)
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
                _ => null, // tensors, graphs: not exposed
            };
            if (v is not null) d.TryAdd(a.Name, v);
        }
        return d;
    }

    /// <summary>Validates input types/shapes and returns the output metadata.</summary>
    public abstract ValueMeta[] Infer(ValueMeta[] inputs);

    /// <summary>Computes the outputs' data; <paramref name="outputs"/> is <see cref="Infer"/>'s result for these inputs.</summary>
    public abstract Array[] Execute(RuntimeTensor[] inputs, ValueMeta[] outputs);

    protected void ExpectInputs(int min, int max)
    {
        int n = Inputs.Length;
        while (n > 0 && Inputs[n - 1].Length == 0) n--; // trailing "" = omitted optional inputs
        if (n < min || n > max)
            throw new LingerException($"{Where}: expects {(min == max ? min.ToString() : $"{min} to {max}")} inputs, got {n}.");
        if (Inputs.Take(min).Any(s => s.Length == 0))
            throw new LingerException($"{Where}: a required input name is empty.");
        if (Outputs.Length < 1 || Outputs[0].Length == 0)
            throw new LingerException($"{Where}: has no output.");
    }

    protected bool HasInput(int i) => i < Inputs.Length && Inputs[i].Length > 0;

    protected void ExpectType(ValueMeta m, int index, params TensorElementType[] allowed)
    {
        if (!allowed.Contains(m.Type))
            throw new LingerException($"{Where}: input {index} '{Inputs[index]}' is {m.Type} but must be {string.Join(" or ", allowed)}.");
    }

    protected void ExpectRank(ValueMeta m, int index, int rank)
    {
        if (m.Shape.Length != rank)
            throw new LingerException($"{Where}: input {index} '{Inputs[index]}' has shape [{RuntimeTensor.FormatShape(m.Shape)}] but must have rank {rank}.");
    }

    /// <summary>Reads a 2-element int list attribute (kernel, stride, dilation) and checks positivity.</summary>
    protected static int[] Pair(NodeAttributes a, string name, int[]? fallback, int min)
    {
        int[] v = fallback is null ? a.GetInts(name) : a.GetInts(name, fallback);
        if (v.Length != 2) throw new LingerException($"{a.Where}: attribute '{name}' must have 2 values, has {v.Length}.");
        if (v.Any(x => x < min)) throw new LingerException($"{a.Where}: attribute '{name}' = [{string.Join(", ", v)}] must be ≥ {min}.");
        return v;
    }

    /// <summary>Reads ONNX pads [top, left, bottom, right] (default zeros).</summary>
    protected static int[] Pads(NodeAttributes a)
    {
        int[] p = a.GetInts(Numerics.Dialect.AttributeNames.Pads, [0, 0, 0, 0]);
        if (p.Length == 2) p = [p[0], p[1], p[0], p[1]];
        if (p.Length != 4) throw new LingerException($"{a.Where}: attribute 'pads' must have 4 values [top, left, bottom, right], has {p.Length}.");
        if (p.Any(x => x < 0)) throw new LingerException($"{a.Where}: attribute 'pads' = [{string.Join(", ", p)}] must not be negative.");
        return p;
    }
}
