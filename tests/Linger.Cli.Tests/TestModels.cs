using Google.Protobuf;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime;
using Onnx;

namespace LingerNet.Cli.Tests;

/// <summary>Small thinker-dialect models written to temporary files, and reference sets made with the runtime.</summary>
internal static class TestModels
{
    /// <summary>linger-spec §6.6: Quant(Q5) → Conv2dInt(x Q5 w Q7 → o Q4) → Relu → Reshape → LinearInt(x Q4 w Q8 → o Q3) → Dequant.</summary>
    public static byte[] WorkedExample(int seed = 7)
    {
        var r = new Random(seed);
        var g = new GraphProto { Name = "test" };
        var model = new ModelProto { IrVersion = 7, ProducerName = "linger_test", Graph = g };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = ThinkerDialect.StandardDomain, Version = ThinkerDialect.OpsetVersion });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = ThinkerDialect.Domain, Version = ThinkerDialect.DomainVersion });
        g.Input.Add(Info("input", OnnxDataTypes.Float, [1, 3, 8, 8]));
        g.Output.Add(Info("output", OnnxDataTypes.Float, null));
        g.Initializer.Add(Int8("conv.weight", r, 8, 3, 3, 3));
        g.Initializer.Add(Int32("conv.bias", r, 4000, 8));
        g.Initializer.Add(Int8("fc.weight", r, 10, 512));
        g.Initializer.Add(Int32("fc.bias", r, 40000, 10));
        var shape = new TensorProto { DataType = OnnxDataTypes.Int64 };
        shape.Dims.Add(2);
        shape.Int64Data.AddRange([1, -1]);
        Node(g, OpTypes.Quant, ["input"], ["t0"], "quant", ThinkerDialect.Domain, (AttributeNames.DataBits, 8L), (AttributeNames.ScaleX, 32f), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant));
        Node(g, OpTypes.Conv2dInt, ["t0", "conv.weight", "conv.bias"], ["t1"], "conv", ThinkerDialect.Domain,
            (AttributeNames.ScaleX, 32f), (AttributeNames.ScaleW, 128f), (AttributeNames.Dilations, new long[] { 1, 1 }), (AttributeNames.Group, 1L),
            (AttributeNames.KernelShape, new long[] { 3, 3 }), (AttributeNames.Pads, new long[] { 1, 1, 1, 1 }), (AttributeNames.Strides, new long[] { 1, 1 }),
            (AttributeNames.DataBits, 8L), (AttributeNames.ParameterBits, 8L), (AttributeNames.ScaleO, 16f), (AttributeNames.OBits, 8L),
            (AttributeNames.PlatformQuant, AttributeValues.LunaQuant), (AttributeNames.CastorMode, AttributeValues.CastorModeLuna));
        Node(g, OpTypes.Relu, ["t1"], ["t2"], "relu", ThinkerDialect.StandardDomain);
        Node(g, OpTypes.Constant, [], ["shape"], "shape_const", ThinkerDialect.StandardDomain, (AttributeNames.Value, shape));
        Node(g, OpTypes.Reshape, ["t2", "shape"], ["t3"], "reshape", ThinkerDialect.StandardDomain);
        Node(g, OpTypes.LinearInt, ["t3", "fc.weight", "fc.bias"], ["t4"], "fc", ThinkerDialect.Domain,
            (AttributeNames.ScaleX, 16f), (AttributeNames.ScaleW, 256f), (AttributeNames.DataBits, 8L), (AttributeNames.ParameterBits, 8L),
            (AttributeNames.ScaleO, 8f), (AttributeNames.OBits, 8L), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant));
        Node(g, OpTypes.Dequant, ["t4"], ["output"], "dequant", ThinkerDialect.Domain, (AttributeNames.ScaleO, 8f));
        return model.ToByteArray();
    }

    /// <summary>
    /// Quant(Q5) → Conv2dInt 3×3 pad 1, <paramref name="channels"/> → <paramref name="channels"/> on a
    /// <paramref name="size"/>×<paramref name="size"/> image → Relu → Dequant: input and output activations of
    /// channels·size² int8 bytes each, live together at the conv.
    /// </summary>
    public static byte[] BigConv(int channels, int size, int seed = 3)
    {
        var r = new Random(seed);
        var g = new GraphProto { Name = "bigconv" };
        var model = new ModelProto { IrVersion = 7, ProducerName = "linger_test", Graph = g };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = ThinkerDialect.StandardDomain, Version = ThinkerDialect.OpsetVersion });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = ThinkerDialect.Domain, Version = ThinkerDialect.DomainVersion });
        g.Input.Add(Info("image", OnnxDataTypes.Float, [1, channels, size, size]));
        g.Output.Add(Info("output", OnnxDataTypes.Float, null));
        g.Initializer.Add(Int8("big.weight", r, channels, channels, 3, 3));
        g.Initializer.Add(Int32("big.bias", r, 4000, channels));
        Node(g, OpTypes.Quant, ["image"], ["image_q"], "quant", ThinkerDialect.Domain, (AttributeNames.DataBits, 8L), (AttributeNames.ScaleX, 32f), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant));
        Node(g, OpTypes.Conv2dInt, ["image_q", "big.weight", "big.bias"], ["big_conv"], "big", ThinkerDialect.Domain,
            (AttributeNames.ScaleX, 32f), (AttributeNames.ScaleW, 128f), (AttributeNames.Dilations, new long[] { 1, 1 }), (AttributeNames.Group, 1L),
            (AttributeNames.KernelShape, new long[] { 3, 3 }), (AttributeNames.Pads, new long[] { 1, 1, 1, 1 }), (AttributeNames.Strides, new long[] { 1, 1 }),
            (AttributeNames.DataBits, 8L), (AttributeNames.ParameterBits, 8L), (AttributeNames.ScaleO, 16f), (AttributeNames.OBits, 8L),
            (AttributeNames.PlatformQuant, AttributeValues.LunaQuant), (AttributeNames.CastorMode, AttributeValues.CastorModeLuna));
        Node(g, OpTypes.Relu, ["big_conv"], ["big_relu"], "relu", ThinkerDialect.StandardDomain);
        Node(g, OpTypes.Dequant, ["big_relu"], ["output"], "dequant", ThinkerDialect.Domain, (AttributeNames.ScaleO, 16f));
        return model.ToByteArray();
    }

    /// <summary>Writes a reference set of <paramref name="samples"/> random inputs and the runtime's outputs (docs/cli.md format).</summary>
    public static void WriteReference(string modelPath, string folder, int samples, int seed = 1)
    {
        using var rt = LingerRuntime.Load(modelPath);
        var r = new Random(seed);
        Directory.CreateDirectory(folder);
        for (int k = 0; k < samples; k++)
        {
            var x = Enumerable.Range(0, 192).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray();
            File.WriteAllLines(Path.Combine(folder, $"input_{k}.txt"), x.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            File.WriteAllLines(Path.Combine(folder, $"output_{k}.txt"), rt.Run(x).Outputs[0].Int8!.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static ValueInfoProto Info(string name, int elemType, long[]? dims)
    {
        var tt = new TypeProto.Types.Tensor { ElemType = elemType };
        if (dims is not null)
        {
            tt.Shape = new TensorShapeProto();
            foreach (long d in dims) tt.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tt } };
    }

    private static TensorProto Int8(string name, Random r, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = OnnxDataTypes.Int8 };
        t.Dims.AddRange(dims);
        var bytes = new byte[dims.Aggregate(1L, (a, b) => a * b)];
        r.NextBytes(bytes);
        t.RawData = ByteString.CopyFrom(bytes);
        return t;
    }

    private static TensorProto Int32(string name, Random r, int bound, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = OnnxDataTypes.Int32 };
        t.Dims.AddRange(dims);
        t.Int32Data.AddRange(Enumerable.Range(0, (int)dims.Aggregate(1L, (a, b) => a * b)).Select(_ => r.Next(-bound, bound)));
        return t;
    }

    private static void Node(GraphProto g, string op, string[] inputs, string[] outputs, string name, string domain, params (string Name, object Value)[] attrs)
    {
        var n = new NodeProto { OpType = op, Domain = domain, Name = name };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        foreach (var (an, v) in attrs)
        {
            var a = new AttributeProto { Name = an };
            switch (v)
            {
                case float f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = f; break;
                case long l: a.Type = AttributeProto.Types.AttributeType.Int; a.I = l; break;
                case long[] ls: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.AddRange(ls); break;
                case string s: a.Type = AttributeProto.Types.AttributeType.String; a.S = ByteString.CopyFromUtf8(s); break;
                case TensorProto t: a.Type = AttributeProto.Types.AttributeType.Tensor; a.T = t; break;
                default: throw new ArgumentException(v.GetType().Name);
            }
            n.Attribute.Add(a);
        }
        g.Node.Add(n);
    }
}
