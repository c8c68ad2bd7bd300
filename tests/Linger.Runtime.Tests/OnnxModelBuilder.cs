using Google.Protobuf;
using LingerNet.Numerics.Dialect;
using Onnx;

namespace LingerNet.Runtime.Tests;

/// <summary>Builds small thinker-dialect ONNX models for tests.</summary>
internal sealed class OnnxModelBuilder
{
    private readonly ModelProto _model;
    private int _nodes;

    public OnnxModelBuilder()
    {
        Graph = new GraphProto { Name = "test" };
        _model = new ModelProto { IrVersion = 7, ProducerName = "linger_test", Graph = Graph };
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = ThinkerDialect.StandardDomain, Version = ThinkerDialect.OpsetVersion });
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = ThinkerDialect.Domain, Version = ThinkerDialect.DomainVersion });
    }

    public GraphProto Graph { get; }

    public ModelProto Model => _model;

    private static ValueInfoProto Info(string name, int elemType, long[]? dims)
    {
        var tt = new TypeProto.Types.Tensor { ElemType = elemType };
        if (dims is not null)
        {
            tt.Shape = new TensorShapeProto();
            foreach (long d in dims)
                tt.Shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tt } };
    }

    public OnnxModelBuilder Input(string name, int elemType, params long[] dims) { Graph.Input.Add(Info(name, elemType, dims)); return this; }

    public OnnxModelBuilder Output(string name, int elemType = OnnxDataTypes.Float) { Graph.Output.Add(Info(name, elemType, null)); return this; }

    public static TensorProto Tensor(string name, int type, long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = type };
        t.Dims.AddRange(dims);
        return t;
    }

    public OnnxModelBuilder Int8(string name, sbyte[] data, params long[] dims)
    {
        var t = Tensor(name, OnnxDataTypes.Int8, dims);
        t.RawData = ByteString.CopyFrom((byte[])(Array)data);
        Graph.Initializer.Add(t);
        return this;
    }

    public OnnxModelBuilder Int32(string name, int[] data, params long[] dims)
    {
        var t = Tensor(name, OnnxDataTypes.Int32, dims);
        t.Int32Data.AddRange(data);
        Graph.Initializer.Add(t);
        return this;
    }

    public OnnxModelBuilder Int64(string name, long[] data, params long[] dims)
    {
        var t = Tensor(name, OnnxDataTypes.Int64, dims);
        t.Int64Data.AddRange(data);
        Graph.Initializer.Add(t);
        return this;
    }

    public OnnxModelBuilder Float(string name, float[] data, params long[] dims)
    {
        var t = Tensor(name, OnnxDataTypes.Float, dims);
        t.FloatData.AddRange(data);
        Graph.Initializer.Add(t);
        return this;
    }

    /// <summary>Adds a node; attributes are (name, value) with float/double → F, int/long → I, int[]/long[] → INTS, string → S, TensorProto → T.</summary>
    public NodeProto Node(string opType, string[] inputs, string[] outputs, string? name = null, string domain = ThinkerDialect.Domain, params (string Name, object Value)[] attrs)
    {
        var n = new NodeProto { OpType = opType, Domain = domain, Name = name ?? $"{opType}_{_nodes}" };
        _nodes++;
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        foreach (var (an, v) in attrs) n.Attribute.Add(Attr(an, v));
        Graph.Node.Add(n);
        return n;
    }

    public NodeProto Std(string opType, string[] inputs, string[] outputs, string? name = null, params (string Name, object Value)[] attrs)
        => Node(opType, inputs, outputs, name, ThinkerDialect.StandardDomain, attrs);

    public static AttributeProto Attr(string name, object v) => v switch
    {
        float f => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = f },
        double d => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)d },
        int i => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = i },
        long l => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = l },
        int[] a => Ints(name, a.Select(x => (long)x)),
        long[] a => Ints(name, a),
        string s => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(s) },
        TensorProto t => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = t },
        _ => throw new ArgumentException(v.GetType().Name),
    };

    private static AttributeProto Ints(string name, IEnumerable<long> v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(v);
        return a;
    }

    public byte[] Bytes() => _model.ToByteArray();

    /// <summary>Loads the model; kernel property tests pass <see cref="ChipTarget.Generic"/> to go beyond venus's limits.</summary>
    public LingerRuntime Load(ChipTarget? target = null) => LingerRuntime.Load(Bytes(), "test.onnx", new LoadOptions { Target = target });

    /// <summary>2^q as the float an exporter writes.</summary>
    public static float S(int q) => (float)Math.ScaleB(1.0, q);
}
