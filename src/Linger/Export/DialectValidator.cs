using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using Onnx;

namespace LingerNet.Export;

/// <summary>
/// The check an exported graph must pass before it is written (linger 3 style): values are defined
/// before use and once; every input has a type an op of that kind accepts (so every int8 input comes
/// from an int8 producer); each node's output type follows from its inputs and attributes and agrees
/// with the declared value info; every thinker op carries its required attributes; every scale is a
/// power of two. All problems are reported at once.
/// </summary>
internal static class DialectValidator
{
    private const int F = OnnxDataTypes.Float, I8 = OnnxDataTypes.Int8, I16 = OnnxDataTypes.Int16, I32 = OnnxDataTypes.Int32, I64 = OnnxDataTypes.Int64;

    private static readonly string[] s_layerAttrs =
    {
        AttributeNames.ScaleX, AttributeNames.ScaleW, AttributeNames.DataBits, AttributeNames.ParameterBits, AttributeNames.PlatformQuant,
    };

    /// <summary>Attributes each thinker op must carry (linger-spec §6.3).</summary>
    private static readonly Dictionary<string, string[]> s_required = new()
    {
        [OpTypes.Quant] = new[] { AttributeNames.DataBits, AttributeNames.ScaleX, AttributeNames.PlatformQuant },
        [OpTypes.Dequant] = new[] { AttributeNames.ScaleO },
        [OpTypes.Conv2dInt] = s_layerAttrs.Concat(new[]
        {
            AttributeNames.Dilations, AttributeNames.Group, AttributeNames.KernelShape, AttributeNames.Pads, AttributeNames.Strides, AttributeNames.CastorMode,
        }).ToArray(),
        [OpTypes.LinearInt] = s_layerAttrs,
        [OpTypes.BatchNorm2dInt] = s_layerAttrs.Concat(new[] { AttributeNames.OBits, AttributeNames.ScaleO }).ToArray(),
        [OpTypes.AvgPool2dInt] = new[]
        {
            AttributeNames.KernelShape, AttributeNames.Strides, AttributeNames.Pads, AttributeNames.CeilMode, AttributeNames.DataBits,
            AttributeNames.ScaleX, AttributeNames.PlatformQuant,
        },
        [OpTypes.IqAdd] = new[] { AttributeNames.ScaleX, AttributeNames.ScaleY, AttributeNames.ScaleO, AttributeNames.PlatformQuant, AttributeNames.Mode },
        [OpTypes.IqCat] = new[] { AttributeNames.ScaleO, AttributeNames.Dim, AttributeNames.PlatformQuant },
    };

    /// <summary>Throws a <see cref="LingerException"/> listing every problem of <paramref name="model"/>.</summary>
    public static void Validate(ModelProto model, long standardOpset = ThinkerDialect.OpsetVersion)
    {
        var problems = new List<string>();
        var g = model.Graph;
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        var declared = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var vi in g.ValueInfo.Concat(g.Output)) declared[vi.Name] = vi.Type.TensorType.ElemType;
        foreach (var vi in g.Input) types[vi.Name] = vi.Type.TensorType.ElemType;
        foreach (var t in g.Initializer)
            if (!types.TryAdd(t.Name, t.DataType)) problems.Add($"initializer '{t.Name}' is defined twice.");

        if (!model.OpsetImport.Any(o => o.Domain == ThinkerDialect.StandardDomain && o.Version == standardOpset))
            problems.Add($"opset_import lacks \"\" version {standardOpset}.");
        if (!model.OpsetImport.Any(o => o.Domain == ThinkerDialect.Domain && o.Version == ThinkerDialect.DomainVersion))
            problems.Add($"opset_import lacks \"{ThinkerDialect.Domain}\" version {ThinkerDialect.DomainVersion}.");

        foreach (var node in g.Node)
        {
            string where = $"node '{node.Name}' ({node.Domain}{(node.Domain.Length > 0 ? "::" : "")}{node.OpType})";
            var inTypes = new List<int>();
            foreach (var input in node.Input)
            {
                if (types.TryGetValue(input, out var t)) inTypes.Add(t);
                else { problems.Add($"{where}: input '{input}' is not defined before use."); inTypes.Add(-1); }
            }
            if (inTypes.Contains(-1)) continue;
            var attrs = node.Attribute.ToDictionary(a => a.Name, StringComparer.Ordinal);
            bool thinker = node.Domain == ThinkerDialect.Domain;
            if (!thinker && node.Domain != ThinkerDialect.StandardDomain) problems.Add($"{where}: unknown domain '{node.Domain}'.");
            if (thinker && s_required.TryGetValue(node.OpType, out var required))
                foreach (var name in required.Where(n => !attrs.ContainsKey(n)))
                    problems.Add($"{where}: required attribute '{name}' is missing.");
            if (thinker && node.OpType == OpTypes.IqCat)
                for (int i = 0; i < node.Input.Count; i++)
                    if (!attrs.ContainsKey(AttributeNames.ScaleXAt(i))) problems.Add($"{where}: required attribute '{AttributeNames.ScaleXAt(i)}' is missing.");
            foreach (var a in node.Attribute.Where(a => a.Name.StartsWith("scale_", StringComparison.Ordinal)))
            {
                if (a.Type != AttributeProto.Types.AttributeType.Float) { problems.Add($"{where}: attribute '{a.Name}' must be a float."); continue; }
                try { Pow2Scale.FromValue(a.F, $"{where} attribute '{a.Name}'"); }
                catch (LingerException e) { problems.Add(e.Message); }
            }

            int? outType = InferOutput(node, thinker, inTypes, attrs, where, problems);
            foreach (var output in node.Output)
            {
                if (types.ContainsKey(output)) { problems.Add($"{where}: output '{output}' is already defined."); continue; }
                if (!declared.TryGetValue(output, out var d)) problems.Add($"{where}: output '{output}' has no value_info.");
                else if (outType is int o && o != d)
                    problems.Add($"{where}: output '{output}' is declared {OnnxGraphBuilder.DescribeType(d)} but the op produces {OnnxGraphBuilder.DescribeType(o)}.");
                types[output] = outType ?? d;
            }
        }
        foreach (var o in g.Output)
        {
            if (!types.TryGetValue(o.Name, out var t)) problems.Add($"graph output '{o.Name}' is not produced by any node.");
            else if (t != o.Type.TensorType.ElemType) problems.Add($"graph output '{o.Name}' is declared {OnnxGraphBuilder.DescribeType(o.Type.TensorType.ElemType)} but is {OnnxGraphBuilder.DescribeType(t)}.");
        }
        if (problems.Count > 0)
            throw new LingerException("Linger.Export: the exported graph is not valid thinker ONNX, nothing was written:" + Environment.NewLine +
                                      string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
    }

    /// <summary>Checks input types against the op's allow-list and returns the output type (null when unknown).</summary>
    private static int? InferOutput(NodeProto node, bool thinker, List<int> ins, Dictionary<string, AttributeProto> attrs, string where, List<string> problems)
    {
        void Expect(int index, string what, params int[] allowed)
        {
            if (index >= ins.Count) { problems.Add($"{where}: missing input {index} ({what})."); return; }
            if (!allowed.Contains(ins[index]))
                problems.Add($"{where}: input {index} ({what}) is {OnnxGraphBuilder.DescribeType(ins[index])}, expected {string.Join(" or ", allowed.Select(OnnxGraphBuilder.DescribeType))}.");
        }
        int Bits(string name) => attrs.TryGetValue(name, out var a) ? (int)a.I : 8;
        int IntOf(int bits) => ExportCapture.IntType(bits);
        int LayerOut() => attrs.TryGetValue(AttributeNames.OBits, out var ob) ? IntOf((int)ob.I) : F;

        if (thinker)
        {
            switch (node.OpType)
            {
                case OpTypes.Quant:
                    Expect(0, "x", F);
                    return IntOf(Bits(AttributeNames.DataBits));
                case OpTypes.Dequant:
                    Expect(0, "x", I8, I16, I32);
                    return F;
                case OpTypes.Conv2dInt:
                case OpTypes.LinearInt:
                    Expect(0, "x", IntOf(Bits(AttributeNames.DataBits)));
                    Expect(1, "weight", IntOf(Bits(AttributeNames.ParameterBits)));
                    if (ins.Count > 2) Expect(2, "bias", I32);
                    if (ins.Count > 3) problems.Add($"{where}: too many inputs.");
                    return LayerOut();
                case OpTypes.BatchNorm2dInt:
                    Expect(0, "x", IntOf(Bits(AttributeNames.DataBits)));
                    Expect(1, "alpha", I8, I16);
                    Expect(2, "beta", I32);
                    Expect(3, "running_mean", F);
                    Expect(4, "running_var", F);
                    return LayerOut();
                case OpTypes.AvgPool2dInt:
                    Expect(0, "x", I8);
                    return I8;
                case OpTypes.IqAdd:
                    Expect(0, "x", I8);
                    Expect(1, "y", I8);
                    return I8;
                case OpTypes.IqCat:
                    for (int i = 0; i < ins.Count; i++) Expect(i, $"x{i}", I8);
                    return I8;
                default:
                    problems.Add($"{where}: the exporter does not know this thinker op.");
                    return null;
            }
        }
        switch (node.OpType)
        {
            // Standard ops that run on int8 data in a thinker graph (linger-spec §6.3/§6.4): the type passes through.
            case OpTypes.Relu:
            case OpTypes.MaxPool:
            case OpTypes.Flatten:
                Expect(0, "x", I8, F);
                return ins[0];
            case OpTypes.Reshape:
                Expect(0, "x", I8, F);
                Expect(1, "shape", I64);
                return ins[0];
            default:
                // Any other standard op is float-only here.
                for (int i = 0; i < ins.Count; i++) Expect(i, $"input {i}", F);
                return F;
        }
    }
}
