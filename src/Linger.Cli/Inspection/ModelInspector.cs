using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime;

namespace LingerNet.Cli.Inspection;

/// <summary>Builds a <see cref="ModelSummary"/> from a model loaded (and therefore validated) by the runtime.</summary>
internal static class ModelInspector
{
    /// <summary>Scale attributes in display order, with their short labels (<c>scale_x_&lt;i&gt;</c> are added after <c>scale_x</c>).</summary>
    private static readonly (string Attribute, string Label)[] InputScales =
    [
        (AttributeNames.ScaleX, "x"), (AttributeNames.ScaleY, "y"), (AttributeNames.ScaleW, "w"),
        (AttributeNames.ScaleI, "i"), (AttributeNames.ScaleH, "h"), (AttributeNames.ScaleIw, "iw"), (AttributeNames.ScaleHw, "hw"),
    ];

    public static ModelSummary Inspect(LingerRuntime rt)
    {
        var nodes = new List<NodeSummary>();
        var parameters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var n in rt.Nodes)
        {
            var ins = new List<ValueSummary>();
            var pars = new List<string>();
            long bytes = 0;
            for (int i = 0; i < n.Inputs.Count; i++)
            {
                string name = n.Inputs[i];
                if (name.Length == 0) continue;
                var v = rt.DescribeValue(name);
                if (v is null) continue;
                // The contract says which inputs are parameters (constant ports: weights, biases, shapes).
                if (n.Contract.InputPort(i).Constant && v.IsInitializer)
                {
                    pars.Add(name);
                    bytes += v.ByteSize;
                    parameters[name] = v.ByteSize;
                }
                else if (!IsConstantInput(rt, name))
                {
                    ins.Add(Value(v));
                }
            }
            var outs = n.Outputs.Where(s => s.Length > 0).Select(rt.DescribeValue).OfType<ModelValue>().Select(Value).ToList();
            nodes.Add(new NodeSummary(n.Name, n.QualifiedOpType, ins, outs, Scales(n, outs), Bits(n), pars, bytes));
        }
        var ops = nodes.GroupBy(n => n.OpType).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var totals = new SummaryTotals(nodes.Count, parameters.Values.Sum(), ops);
        var inputs = rt.Inputs.Select(i => new ValueSummary(i.Name, Dtype(i.ElementType), i.Shape, i.Int8Scale?.Exponent)).ToList();
        var outputs = rt.OutputNames.Select(o => OutputValue(rt, o)).ToList();
        var mp = rt.MemoryPlan;
        return new ModelSummary(rt.Source, nodes, totals, inputs, outputs)
        {
            MemoryPlan = new MemoryPlanSummary(mp.PeakActivationBytes, mp.NaiveActivationBytes, mp.BufferBytes.Count, mp.IntermediateCount),
        };
    }

    /// <summary>Formats the scales as <c>x Q5 w Q7 → o Q4</c>.</summary>
    public static string FormatScales(IReadOnlyDictionary<string, int> scales)
    {
        var left = scales.Where(kv => kv.Key != "o").Select(kv => $"{kv.Key} {Q(kv.Value)}");
        string s = string.Join(" ", left);
        if (scales.TryGetValue("o", out int o)) s = (s.Length > 0 ? s + " " : "") + $"→ o {Q(o)}";
        return s;
    }

    /// <summary>Formats bits as data/parameter/o with "-" for an absent attribute, or "" when the node has none.</summary>
    public static string FormatBits(IReadOnlyDictionary<string, long> bits) =>
        bits.Count == 0 ? "" : string.Join("/", new[] { "data", "parameter", "o" }.Select(k => bits.TryGetValue(k, out long b) ? b.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-"));

    /// <summary>Formats a shape as <c>1×16×28×28</c> (<c>?</c> for a symbolic dimension).</summary>
    public static string FormatShape(int[] shape) =>
        shape.Length == 0 ? "scalar" : string.Join("×", shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string Q(int exponent) => $"Q{exponent}";

    private static bool IsConstantInput(LingerRuntime rt, string name) =>
        rt.Nodes.Any(n => n.OpType == OpTypes.Constant && n.Outputs.Contains(name));

    /// <summary>A graph output; a float output made by a Dequant gets the scale of the integers entering it (what verify compares).</summary>
    private static ValueSummary OutputValue(LingerRuntime rt, string name)
    {
        var v = Value(rt.DescribeValue(name)!);
        if (v.Q is null && rt.Nodes.FirstOrDefault(n => n.Outputs.Contains(name)) is { OpType: OpTypes.Dequant } dq
            && rt.DescribeValue(dq.Inputs[0])?.Scale is { } s)
            return v with { Q = s.Exponent };
        return v;
    }

    private static ValueSummary Value(ModelValue v) => new(v.Name, Dtype(v.ElementType), v.Shape, v.Scale?.Exponent);

    private static string Dtype(TensorElementType t) => t switch
    {
        TensorElementType.Float32 => "float32",
        TensorElementType.Int8 => "int8",
        TensorElementType.Int16 => "int16",
        TensorElementType.Int32 => "int32",
        _ => "int64",
    };

    private static Dictionary<string, int> Scales(ModelNode n, List<ValueSummary> outs)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (attr, label) in InputScales)
        {
            if (TryExponent(n, attr) is { } q) scales[label] = q;
            if (attr == AttributeNames.ScaleX)
                foreach (var key in n.Attributes.Keys.Where(k => k.StartsWith(AttributeNames.ScaleXPrefix, StringComparison.Ordinal)).OrderBy(k => k.Length).ThenBy(k => k, StringComparer.Ordinal))
                    if (TryExponent(n, key) is { } qi) scales["x_" + key[AttributeNames.ScaleXPrefix.Length..]] = qi;
        }
        // Quant's scale_x is the scale of its int8 output; Dequant's scale_o that of its int8 input.
        if (n.OpType == OpTypes.Quant && scales.Remove("x", out int quant)) scales["o"] = quant;
        else if (n.OpType == OpTypes.Dequant) { if (TryExponent(n, AttributeNames.ScaleO) is { } dq) scales["x"] = dq; }
        // scale_o when written; otherwise the output scale the loader inferred (Relu, MaxPool...).
        else if (TryExponent(n, AttributeNames.ScaleO) is { } qo) scales["o"] = qo;
        else if (outs.Count > 0 && outs[0].Q is { } inferred) scales["o"] = inferred;
        return scales;
    }

    private static int? TryExponent(ModelNode n, string attribute)
    {
        if (!n.Attributes.TryGetValue(attribute, out var v)) return null;
        double value = v switch { double d => d, long l => l, _ => double.NaN };
        try
        {
            return Pow2Scale.FromValue(value).Exponent;
        }
        catch (LingerException)
        {
            return null; // an attribute the runtime does not read and that is not a power of two: not shown
        }
    }

    private static Dictionary<string, long> Bits(ModelNode n)
    {
        var bits = new Dictionary<string, long>(StringComparer.Ordinal);
        if (n.Attributes.TryGetValue(AttributeNames.DataBits, out var d) && d is long db) bits["data"] = db;
        if (n.Attributes.TryGetValue(AttributeNames.ParameterBits, out var p) && p is long pb) bits["parameter"] = pb;
        if (n.Attributes.TryGetValue(AttributeNames.OBits, out var o) && o is long ob) bits["o"] = ob;
        return bits;
    }
}
