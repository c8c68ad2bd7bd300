using Google.Protobuf;
using LingerNet.Numerics.Dialect;
using Onnx;

namespace LingerNet.Benchmarks;

/// <summary>
/// Rewrites a thinker-dialect file as a standard float32 ONNX model with the same (dequantized) weights,
/// the network a user would run with ONNX Runtime instead: Conv2dInt → Conv (W·2^−q_w, b·2^−(q_x+q_w)),
/// LinearInt → Gemm (transB), iqAdd → Add, AvgPool2dInt → AveragePool, Quant/Dequant → Identity;
/// Relu, MaxPool, Flatten, Reshape are kept. Other ops are refused.
/// </summary>
public static class StandardFloatOnnx
{
    public static byte[] FromThinker(string path)
    {
        var src = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var g = src.Graph;
        var inits = g.Initializer.ToDictionary(t => t.Name);
        var outGraph = new GraphProto { Name = "float" };
        foreach (var i in g.Input.Where(i => !inits.ContainsKey(i.Name)))
        {
            var info = i.Clone();
            info.Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Float;
            BatchDimension(info);
            outGraph.Input.Add(info);
        }
        foreach (var o in g.Output)
        {
            var info = o.Clone();
            info.Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Float;
            BatchDimension(info);
            outGraph.Output.Add(info);
        }
        foreach (var n in g.Node)
        {
            var a = n.Attribute.ToDictionary(x => x.Name);
            double Scale(string name) => a[name].F;
            NodeProto node;
            switch (n.OpType)
            {
                case OpTypes.Conv2dInt:
                case OpTypes.LinearInt:
                {
                    double sw = Scale(AttributeNames.ScaleW), sx = Scale(AttributeNames.ScaleX);
                    string w = n.Name + "_w", b = n.Name + "_b";
                    outGraph.Initializer.Add(FloatTensor(w, inits[n.Input[1]], 1 / sw));
                    bool conv = n.OpType == OpTypes.Conv2dInt;
                    node = new NodeProto { OpType = conv ? "Conv" : "Gemm", Name = n.Name };
                    node.Input.Add(n.Input[0]);
                    node.Input.Add(w);
                    if (n.Input.Count > 2 && n.Input[2].Length > 0)
                    {
                        outGraph.Initializer.Add(FloatTensor(b, inits[n.Input[2]], 1 / (sw * sx)));
                        node.Input.Add(b);
                    }
                    if (conv)
                        foreach (var name in new[] { "kernel_shape", "strides", "pads", "dilations", "group" })
                            if (a.TryGetValue(name, out var v)) node.Attribute.Add(v.Clone());
                    if (!conv) node.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
                    break;
                }
                case OpTypes.IqAdd:
                    node = new NodeProto { OpType = "Add", Name = n.Name };
                    node.Input.AddRange(n.Input);
                    break;
                case OpTypes.AvgPool2dInt:
                    node = new NodeProto { OpType = "AveragePool", Name = n.Name };
                    node.Input.Add(n.Input[0]);
                    foreach (var name in new[] { "kernel_shape", "strides", "pads" })
                        if (a.TryGetValue(name, out var v)) node.Attribute.Add(v.Clone());
                    break;
                case OpTypes.Quant:
                case OpTypes.Dequant:
                    node = new NodeProto { OpType = "Identity", Name = n.Name };
                    node.Input.Add(n.Input[0]);
                    break;
                case OpTypes.Relu:
                case OpTypes.MaxPool:
                case OpTypes.Flatten:
                case OpTypes.Reshape:
                    node = new NodeProto { OpType = n.OpType, Name = n.Name };
                    node.Input.AddRange(n.Input);
                    foreach (var v in n.Attribute.Where(v => n.OpType != OpTypes.MaxPool || v.Name is "kernel_shape" or "strides" or "pads" or "dilations"))
                        node.Attribute.Add(v.Clone());
                    foreach (var i in n.Input.Where(inits.ContainsKey)) outGraph.Initializer.Add(inits[i].Clone());
                    break;
                default:
                    throw new LingerException($"{path}: node '{n.Name}' ({n.OpType}) has no standard float counterpart in this benchmark.");
            }
            node.Output.AddRange(n.Output.Take(1));
            outGraph.Node.Add(node);
        }
        var model = new ModelProto { IrVersion = 8, ProducerName = "linger-bench", Graph = outGraph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    /// <summary>Makes dimension 0 symbolic ("N") so that ONNX Runtime takes any batch size.</summary>
    private static void BatchDimension(ValueInfoProto info)
    {
        var shape = info.Type.TensorType.Shape;
        if (shape is null || shape.Dim.Count == 0) return;
        shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" };
    }

    private static TensorProto FloatTensor(string name, TensorProto t, double multiplier)
    {
        var r = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        r.Dims.AddRange(t.Dims);
        long n = t.Dims.Aggregate(1L, (p, d) => p * d);
        var values = new float[n];
        byte[] raw = t.RawData.ToByteArray();
        for (int i = 0; i < n; i++)
        {
            long v = t.DataType switch
            {
                (int)TensorProto.Types.DataType.Int8 => raw.Length > 0 ? (sbyte)raw[i] : t.Int32Data[i],
                (int)TensorProto.Types.DataType.Int32 => raw.Length > 0 ? BitConverter.ToInt32(raw, 4 * i) : t.Int32Data[i],
                _ => throw new LingerException($"initializer '{t.Name}' has data type {t.DataType}, expected int8 or int32."),
            };
            values[i] = (float)(v * multiplier);
        }
        r.FloatData.AddRange(values);
        return r;
    }
}
