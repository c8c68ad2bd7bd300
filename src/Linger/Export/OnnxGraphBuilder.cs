using System.Reflection;
using Google.Protobuf;
using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using Onnx;
using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>
/// Turns the recorded calls into an ONNX graph of the thinker dialect (linger-spec §6): values are
/// matched to producers by tensor object identity; <c>Quant</c> is placed where an op that takes
/// integers receives a float value, <c>Dequant</c> where integer data reaches a float-only consumer
/// or the graph output. Which op accepts what is an explicit rule per captured input
/// (<see cref="InputRule"/>), never inferred.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private sealed record Value(string Name, int Type, long[] Shape, Pow2Scale? Scale);

    private readonly ExportOptions _options;
    private readonly GraphProto _graph = new();
    private readonly Dictionary<Tensor, Value> _values = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string, int, int), Value> _quants = new();
    private readonly Dictionary<string, Value> _dequants = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Creates a builder.</summary>
    public OnnxGraphBuilder(ExportOptions options) => _options = options;

    /// <summary>
    /// Builds the graph of <paramref name="ops"/> from the float graph inputs <paramref name="inputs"/> to
    /// <paramref name="outputs"/> (any recorded values, in any order: a graph output need not be the last node's).
    /// </summary>
    public GraphProto Build(IReadOnlyList<Tensor> inputs, IReadOnlyList<CapturedOp> ops, IReadOnlyList<Tensor> outputs, Func<Tensor, string?> describeProducer)
    {
        _graph.Name = _options.GraphName;
        var graphInputs = new List<Value>();
        for (int i = 0; i < inputs.Count; i++)
        {
            // Float samples are float graph inputs; int64 samples (Embedding indices) are int64 graph inputs.
            int type = inputs[i].dtype == ScalarType.Int64 ? OnnxDataTypes.Int64 : OnnxDataTypes.Float;
            var v = new Value(Reserve(_options.InputNameAt(i)), type, inputs[i].shape, null);
            _values[inputs[i]] = v;
            graphInputs.Add(v);
            _graph.Input.Add(ValueInfo(v));
        }
        for (int k = 0; k < outputs.Count; k++) _names.Add(_options.OutputNameAt(k));
        _describeProducer = describeProducer;

        foreach (var op in ops) Emit(op);

        for (int k = 0; k < outputs.Count; k++)
        {
            var output = outputs[k];
            string outName = _options.OutputNameAt(k);
            if (!_values.TryGetValue(output, out var result) || graphInputs.Contains(result))
                throw new LingerException(
                    $"Linger.Export: model output {k} was not produced by a Linger module ({describeProducer(output) ?? "the last operation of the forward is one Linger cannot see, or the output is an input itself"}). " +
                    "End the forward with a quantized layer or a Linger op module: use nn.Flatten (IqFlatten) instead of view/reshape, Linger.Nn.Add instead of +, Linger.Nn.Cat instead of torch.cat.");
            if (result.Type != OnnxDataTypes.Float && _options.DequantOutput)
            {
                var final = new Value(outName, OnnxDataTypes.Float, result.Shape, null);
                AddNode(OpTypes.Dequant, ThinkerDialect.Domain, result.Name + "_" + OpTypes.Dequant, new[] { result.Name }, new[] { final.Name },
                    (AttributeNames.ScaleO, RequireScale(result, "graph output")));
                _graph.Output.Add(ValueInfo(final));
                var produced = Values.FirstOrDefault(v => v.Name == result.Name);
                if (produced.Output is not null) Values.Add((final.Name, produced.Output, null, OnnxDataTypes.Float, null));
            }
            else if (_graph.Output.Any(o => o.Name == result.Name) || _renamed.Contains(result.Name))
            {
                // The same value is an output twice: a second name needs an Identity.
                var alias = result with { Name = outName };
                AddNode(OpTypes.Identity, ThinkerDialect.StandardDomain, outName + "_" + OpTypes.Identity, new[] { result.Name }, new[] { outName });
                _graph.Output.Add(ValueInfo(alias));
            }
            else
            {
                Rename(result.Name, outName);
                _renamed.Add(outName);
                for (int i = 0; i < Values.Count; i++) if (Values[i].Name == result.Name) Values[i] = Values[i] with { Name = outName };
                var renamed = result with { Name = outName };
                foreach (var key in _values.Where(kv => kv.Value == result).Select(kv => kv.Key).ToList()) _values[key] = renamed;
                _graph.Output.Add(ValueInfo(renamed));
                var vi = _graph.ValueInfo.FirstOrDefault(v => v.Name == outName);
                if (vi is not null) _graph.ValueInfo.Remove(vi);
            }
        }
        return _graph;
    }

    private readonly HashSet<string> _renamed = new(StringComparer.Ordinal);

    /// <summary>
    /// Every value the graph computes from the inputs, by final name, with what the eval side knows of it:
    /// the captured op output, or the graph input a Quant/Dequant was placed on (for <c>Linger.DumpEval</c>).
    /// </summary>
    public List<(string Name, CapturedOutput? Output, Tensor? QuantizedInput, int Type, Pow2Scale? Scale)> Values { get; } = new();
    private Func<Tensor, string?> _describeProducer = _ => null;

    private void Emit(CapturedOp op)
    {
        var inputs = new List<Value?>();
        for (int i = 0; i < op.Inputs.Count; i++)
        {
            var ci = op.Inputs[i];
            if (ci is null) { inputs.Add(null); continue; }
            if (!_values.TryGetValue(ci.Tensor, out var v))
                throw new LingerException(
                    $"Linger.Export: module '{op.ModulePath}' ({op.ModuleType}) received as input {i} a tensor that no Linger module produced: " +
                    $"{_describeProducer(ci.Tensor) ?? "it was computed by a TorchSharp operation in user code between two modules"}. " +
                    "Linger sees only its modules: use IqFlatten (nn.Flatten before Linger.Init) instead of view/reshape, Linger.Nn.Add instead of +, " +
                    "Linger.Nn.Cat instead of torch.cat, and quantize the modules in between (or remove Linger.DisableQuant).");
            inputs.Add(Adapt(op, i, ci, v));
        }

        if (op.OpType is null)
        {
            // Pass-through without a node (IqIdentity): the output is the input value.
            _values[op.Outputs[0].Tensor] = inputs[0]!;
            return;
        }

        string baseName = Reserve(op.ModulePath);
        var inputNames = inputs.Select(v => v?.Name ?? "").ToList();
        var constantNames = new List<string>();
        foreach (var init in op.Initializers)
        {
            string name = Reserve(baseName + "." + init.Suffix);
            _graph.Initializer.Add(Initializer(name, init));
            constantNames.Add(name);
        }
        inputNames = op.ConstantsFirst ? [.. constantNames, .. inputNames] : [.. inputNames, .. constantNames];
        var outs = new List<Value>();
        for (int k = 0; k < op.Outputs.Count; k++)
        {
            var co = op.Outputs[k];
            int type = co.Type ?? inputs[0]!.Type;
            Pow2Scale? scale = co.Type is null ? inputs[0]!.Scale : co.Scale;
            outs.Add(new Value(k == 0 ? baseName : Reserve(baseName + "." + k.ToString(System.Globalization.CultureInfo.InvariantCulture)), type, co.Shape, scale));
        }
        var node = AddNode(op.OpType, op.Domain, baseName + "_" + op.OpType, inputNames, outs.Select(o => o.Name));
        foreach (var (k, v) in op.Attributes) node.Attribute.Add(Attribute(k, v));
        for (int k = 0; k < outs.Count; k++)
        {
            _graph.ValueInfo.Add(ValueInfo(outs[k]));
            _values[op.Outputs[k].Tensor] = outs[k];
            Values.Add((outs[k].Name, op.Outputs[k], null, outs[k].Type, outs[k].Scale));
        }
    }

    /// <summary>Applies the input rule: Quant in front of an integer consumer of a float value, Dequant in front of a float-only one.</summary>
    private Value Adapt(CapturedOp op, int index, CapturedInput ci, Value v)
    {
        switch (ci.Rule)
        {
            case InputRule.Any:
                return v;
            case InputRule.Float:
                if (v.Type == OnnxDataTypes.Float) return v;
                if (!_dequants.TryGetValue(v.Name, out var dq))
                {
                    dq = new Value(Reserve(v.Name + "_dequant"), OnnxDataTypes.Float, v.Shape, null);
                    AddNode(OpTypes.Dequant, ThinkerDialect.Domain, dq.Name + "_" + OpTypes.Dequant, new[] { v.Name }, new[] { dq.Name },
                        (AttributeNames.ScaleO, RequireScale(v, op.ModulePath)));
                    _graph.ValueInfo.Add(ValueInfo(dq));
                    _dequants[v.Name] = dq;
                }
                return dq;
            default:
                var s = ci.Scale ?? throw new InvalidOperationException($"{op.ModulePath}: integer input {index} recorded without a scale");
                int want = OnnxDataTypes.IntOfBits(ci.Bits);
                if (v.Type == OnnxDataTypes.Float)
                {
                    var key = (v.Name, s.Exponent, ci.Bits);
                    if (!_quants.TryGetValue(key, out var q))
                    {
                        q = new Value(Reserve(v.Name + "_quant"), want, v.Shape, s);
                        AddNode(OpTypes.Quant, ThinkerDialect.Domain, q.Name + "_" + OpTypes.Quant, new[] { v.Name }, new[] { q.Name },
                            (AttributeNames.DataBits, (long)ci.Bits), (AttributeNames.ScaleX, s.FloatValue),
                            (AttributeNames.PlatformQuant, AttributeValues.LunaQuant));
                        _graph.ValueInfo.Add(ValueInfo(q));
                        _quants[key] = q;
                        Values.Add((q.Name, null, ci.Tensor, q.Type, s));
                    }
                    return q;
                }
                if (v.Type != want)
                    return Requantized(op, index, ci, v, s);
                if (v.Scale != s)
                    throw new LingerException(
                        $"Linger.Export: module '{op.ModulePath}' ({op.ModuleType}) uses scale {s} for input {index}, but its producer '{v.Name}' has scale {v.Scale}.");
                return v;
        }
    }

    private readonly Dictionary<(string, int, int), Value> _requants = new();

    /// <summary>
    /// An integer value of another width reaching an integer input: a <c>Requant</c> to the consumer's bits and
    /// scale (what the consumer's eval path computes: RSH half up or exact left shift, then saturation), when
    /// the export target runs it; for venus only int8 → wider left shifts exist, anything else is refused here,
    /// naming the producer and the consumer.
    /// </summary>
    private Value Requantized(CapturedOp op, int index, CapturedInput ci, Value v, Pow2Scale s)
    {
        int fromBits = v.Type switch { OnnxDataTypes.Int8 => 8, OnnxDataTypes.Int16 => 16, OnnxDataTypes.Int32 => 32, _ => 0 };
        var vs = v.Scale;
        if (fromBits == 0 || vs is null)
            throw new LingerException($"Linger.Export: module '{op.ModulePath}' ({op.ModuleType}) takes {ci.Bits}-bit input {index}, but '{v.Name}' is {OnnxDataTypes.Name(v.Type)} without a known scale.");
        var semantics = _options.Target == ChipTarget.Venus ? Numerics.Kernels.RequantSemantics.Venus : Numerics.Kernels.RequantSemantics.Generic;
        try
        {
            Numerics.Kernels.Requant.Validate(fromBits, vs.Value.Exponent, ci.Bits, s.Exponent, semantics);
        }
        catch (LingerException e)
        {
            throw new LingerException(
                $"Linger.Export: module '{op.ModulePath}' ({op.ModuleType}) takes {ci.Bits}-bit input {index}, but its producer '{v.Name}' writes {fromBits}-bit integers, " +
                $"and the {_options.Target} target cannot requantize them ({e.Message}) " +
                $"Give '{v.Name}' outBits {ci.Bits} (Linger.QuantModule), or feed its wide output only to a Dequant / graph output.");
        }
        var key = (v.Name, s.Exponent, ci.Bits);
        if (!_requants.TryGetValue(key, out var r))
        {
            r = new Value(Reserve(v.Name + "_requant"), OnnxDataTypes.IntOfBits(ci.Bits), v.Shape, s);
            AddNode(OpTypes.Requant, ThinkerDialect.Domain, r.Name + "_" + OpTypes.Requant, new[] { v.Name }, new[] { r.Name },
                (AttributeNames.DataBits, (long)fromBits), (AttributeNames.ScaleX, vs.Value.FloatValue),
                (AttributeNames.ScaleO, s.FloatValue), (AttributeNames.OBits, (long)ci.Bits),
                (AttributeNames.PlatformQuant, AttributeValues.LunaQuant));
            _graph.ValueInfo.Add(ValueInfo(r));
            _requants[key] = r;
        }
        return r;
    }

    private static float RequireScale(Value v, string where)
        => (v.Scale ?? throw new LingerException($"Linger.Export: integer value '{v.Name}' reaching {where} has no known scale.")).FloatValue;

    private NodeProto AddNode(string opType, string domain, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = opType, Domain = domain, Name = ReserveNode(name) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (k, v) in attributes) node.Attribute.Add(Attribute(k, v));
        _graph.Node.Add(node);
        return node;
    }

    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);

    private string ReserveNode(string name)
    {
        string n = name;
        for (int i = 1; !_nodeNames.Add(n); i++) n = name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return n;
    }

    private string Reserve(string name)
    {
        string n = name;
        for (int i = 1; !_names.Add(n); i++) n = name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return n;
    }

    private void Rename(string from, string to)
    {
        foreach (var node in _graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++) if (node.Input[i] == from) node.Input[i] = to;
            for (int i = 0; i < node.Output.Count; i++) if (node.Output[i] == from) node.Output[i] = to;
        }
        var vi = _graph.ValueInfo.FirstOrDefault(v => v.Name == from);
        if (vi is not null) vi.Name = to;
    }


    private ValueInfoProto ValueInfo(Value v)
    {
        var shape = new TensorShapeProto();
        for (int i = 0; i < v.Shape.Length; i++)
            shape.Dim.Add(i == 0 && _options.DynamicBatch
                ? new TensorShapeProto.Types.Dimension { DimParam = "N" }
                : new TensorShapeProto.Types.Dimension { DimValue = v.Shape[i] });
        return new ValueInfoProto
        {
            Name = v.Name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = v.Type, Shape = shape } },
        };
    }

    private static AttributeProto Attribute(string name, object value) => value switch
    {
        float f => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = f },
        long i => WithPresentInt(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = i }),
        long[] ints => WithInts(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints }, ints),
        string s => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(s) },
        CapturedInitializer t => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = Initializer(name, t) }, // Constant's value
        _ => throw new InvalidOperationException($"attribute {name}: unsupported value type {value.GetType().Name}"),
    };

    /// <summary>
    /// OnnxSharp's messages are proto3-generated, so an int attribute of value 0 (e.g. <c>ceil_mode</c>,
    /// <c>dim</c>) would be left off the wire, and readers that test presence (onnx's proto2
    /// <c>has_i()</c>, onnxruntime) would see no value. The field is then written explicitly as an
    /// "unknown" field with the same number, which every reader parses as <c>i = 0</c>.
    /// </summary>
    private static AttributeProto WithPresentInt(AttributeProto a)
    {
        if (a.I != 0) return a;
        var field = typeof(AttributeProto).GetField("_unknownFields", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field is null || field.FieldType != typeof(UnknownFieldSet)) return a;
        var input = new CodedInputStream(new byte[] { (AttributeProto.IFieldNumber << 3) | 0, 0 });
        input.ReadTag();
        field.SetValue(a, UnknownFieldSet.MergeFieldFrom((UnknownFieldSet?)field.GetValue(a), input));
        return a;
    }

    private static AttributeProto WithInts(AttributeProto a, long[] ints)
    {
        a.Ints.AddRange(ints);
        return a;
    }

    private static TensorProto Initializer(string name, CapturedInitializer init)
    {
        var t = new TensorProto { Name = name, DataType = init.DataType };
        t.Dims.AddRange(init.Shape);
        byte[] raw = init.Data switch
        {
            sbyte[] a => System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
            short[] a => System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
            int[] a => System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
            long[] a => System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
            float[] a => System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
            _ => throw new InvalidOperationException($"initializer {name}: unsupported data {init.Data.GetType().Name}"),
        };
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian");
        t.RawData = ByteString.CopyFrom(raw);
        return t;
    }
}
