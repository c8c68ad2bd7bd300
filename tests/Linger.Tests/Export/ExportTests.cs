using LingerNet.Export;
using LingerNet.Modules;
using LingerNet.Numerics;
using Onnx;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using AT = Onnx.AttributeProto.Types.AttributeType;

namespace LingerNet.Tests.Export;

public class ExportTests
{
    private const int F = 1, I8 = 3, I32 = 6, I64 = 7;

    private sealed record OpSpec(string Domain, int[] Inputs, (string Name, AT Type)[] Attrs);

    // linger-spec §6.3, written out independently of the exporter's tables.
    private static readonly (string, AT) ScaleX = ("scale_x", AT.Float), ScaleW = ("scale_w", AT.Float), ScaleO = ("scale_o", AT.Float),
        DataBits = ("data_bits", AT.Int), ParamBits = ("parameter_bits", AT.Int), OBits = ("o_bits", AT.Int), Pq = ("platform_quant", AT.String);

    private static readonly Dictionary<string, OpSpec> Dialect = new()
    {
        ["Quant"] = new("thinker", new[] { F }, new[] { DataBits, ScaleX, Pq }),
        ["Dequant"] = new("thinker", new[] { I8 }, new[] { ScaleO }),
        ["Conv2dInt"] = new("thinker", new[] { I8, I8, I32 }, new[]
        {
            ScaleX, ScaleW, ScaleO, ("dilations", AT.Ints), ("group", AT.Int), ("kernel_shape", AT.Ints), ("pads", AT.Ints), ("strides", AT.Ints),
            DataBits, ParamBits, OBits, Pq, ("castor_mode", AT.String),
        }),
        ["LinearInt"] = new("thinker", new[] { I8, I8, I32 }, new[] { ScaleX, ScaleW, ScaleO, DataBits, ParamBits, OBits, Pq }),
        ["BatchNorm2dInt"] = new("thinker", new[] { I8, I8, I32, F, F }, new[] { DataBits, ParamBits, OBits, ScaleX, ScaleW, ScaleO, Pq }),
        ["AvgPool2dInt"] = new("thinker", new[] { I8 }, new[]
        {
            ("kernel_shape", AT.Ints), ("strides", AT.Ints), ("pads", AT.Ints), ("ceil_mode", AT.Int), DataBits, ScaleX, ScaleO, OBits, Pq,
        }),
        ["iqAdd"] = new("thinker", new[] { I8, I8 }, new[] { ScaleX, ("scale_y", AT.Float), ScaleO, Pq, ("mode", AT.String) }),
        ["iqCat"] = new("thinker", new[] { I8, I8 }, new[] { ("scale_x_0", AT.Float), ("scale_x_1", AT.Float), ScaleO, ("dim", AT.Int), Pq }),
        ["Relu"] = new("", new[] { I8 }, Array.Empty<(string, AT)>()),
        ["MaxPool"] = new("", new[] { I8 }, new[] { ("kernel_shape", AT.Ints), ("strides", AT.Ints), ("pads", AT.Ints) }),
        ["Flatten"] = new("", new[] { I8 }, new[] { ("axis", AT.Int) }),
    };

    /// <summary>Checks every node, attribute, initializer dtype and declared type against the dialect table; returns the value types.</summary>
    private static Dictionary<string, int> CheckDialect(ModelProto m, long[] inputShape, long[] outputShape)
    {
        Assert.Equal(new[] { ("", 12L), ("thinker", 1L) }, m.OpsetImport.Select(o => (o.Domain, o.Version)).OrderBy(t => t.Domain).ToArray());
        Assert.Equal("Linger.NET", m.ProducerName);
        Assert.False(string.IsNullOrEmpty(m.ProducerVersion));
        var g = m.Graph;
        var input = Assert.Single(g.Input);
        Assert.Equal(F, input.Type.TensorType.ElemType);
        Assert.Equal(inputShape, input.Type.TensorType.Shape.Dim.Select(d => d.DimValue).ToArray());
        var output = Assert.Single(g.Output);
        Assert.Equal(F, output.Type.TensorType.ElemType);
        Assert.Equal(outputShape, output.Type.TensorType.Shape.Dim.Select(d => d.DimValue).ToArray());

        var types = new Dictionary<string, int> { [input.Name] = F };
        foreach (var t in g.Initializer) types.Add(t.Name, t.DataType);
        var declared = g.ValueInfo.Concat(g.Output).ToDictionary(v => v.Name, v => v.Type.TensorType.ElemType);
        foreach (var node in g.Node)
        {
            Assert.True(Dialect.TryGetValue(node.OpType, out var spec), $"unexpected op {node.OpType}");
            Assert.Equal(spec!.Domain, node.Domain);
            var ins = node.Input.Select(i => types[i]).ToArray();
            if (node.OpType == "Conv2dInt" && ins.Length == 2) Assert.Equal(spec.Inputs.Take(2), ins);
            else Assert.Equal(spec.Inputs, ins);
            Assert.Equal(spec.Attrs.Select(a => a.Name).OrderBy(n => n), node.Attribute.Select(a => a.Name).OrderBy(n => n));
            foreach (var (name, type) in spec.Attrs) Assert.Equal(type, ExportTestSupport.Attr(node, name).Type);
            foreach (var a in node.Attribute.Where(a => a.Name.StartsWith("scale_")))
                Pow2Scale.FromValue(a.F, $"{node.Name}.{a.Name}");
            if (node.Attribute.Any(a => a.Name == "platform_quant")) Assert.Equal("luna_quant", ExportTestSupport.Attr(node, "platform_quant").S.ToStringUtf8());
            var outName = Assert.Single(node.Output);
            int outType = node.OpType == "Dequant" ? F : I8; // o_bits = 8 everywhere here; shape ops keep int8
            Assert.Equal(outType, declared[outName]);
            types.Add(outName, outType);
        }
        Assert.Equal(F, types[output.Name]);
        return types;
    }

    private static float Scale(NodeProto n, string name) => ExportTestSupport.Attr(n, name).F;

    [Fact]
    public void Export_ConvBnReluPoolFlattenLinear_MatchesDialect()
    {
        var model = ExportTestSupport.Trained(new SeqNet());
        var x = randn(2, 3, 8, 8);
        string path = ExportTestSupport.TempPath("seq.onnx");
        Linger.Export(model, x, path);

        var m = ExportTestSupport.Load(path);
        CheckDialect(m, new long[] { 2, 3, 8, 8 }, new long[] { 2, 10 });
        var nodes = m.Graph.Node;
        Assert.Equal(new[] { "Quant", "Conv2dInt", "BatchNorm2dInt", "Relu", "MaxPool", "Flatten", "LinearInt", "Dequant" }, nodes.Select(n => n.OpType));
        for (int i = 1; i < nodes.Count; i++) Assert.Equal(nodes[i - 1].Output[0], nodes[i].Input[0]);

        var conv = Assert.IsType<Conv2dInt>(model.conv);
        var sx = Pow2Scale.FromRunning(conv.RunningX.item<float>(), 8);
        Assert.Equal(sx.FloatValue, Scale(nodes[0], "scale_x"));
        Assert.Equal(8, ExportTestSupport.Attr(nodes[0], "data_bits").I);
        Assert.Equal(sx.FloatValue, Scale(nodes[1], "scale_x"));
        Assert.Equal(new long[] { 1, 1, 1, 1 }, ExportTestSupport.Attr(nodes[1], "pads").Ints);
        Assert.Equal(new long[] { 3, 3 }, ExportTestSupport.Attr(nodes[1], "kernel_shape").Ints);
        Assert.Equal(new long[] { 1, 1 }, ExportTestSupport.Attr(nodes[1], "strides").Ints);
        Assert.Equal(new long[] { 1, 1 }, ExportTestSupport.Attr(nodes[1], "dilations").Ints);
        Assert.Equal(1, ExportTestSupport.Attr(nodes[1], "group").I);
        Assert.Equal("luna", ExportTestSupport.Attr(nodes[1], "castor_mode").S.ToStringUtf8());
        Assert.Equal(new long[] { 2, 2 }, ExportTestSupport.Attr(nodes[4], "kernel_shape").Ints);
        Assert.Equal(new long[] { 0, 0, 0, 0 }, ExportTestSupport.Attr(nodes[4], "pads").Ints);
        Assert.Equal(1, ExportTestSupport.Attr(nodes[5], "axis").I);

        // Scales chain: each consumer's scale_x is its producer's scale_o (Relu/MaxPool/Flatten keep the scale).
        Assert.Equal(Scale(nodes[1], "scale_o"), Scale(nodes[2], "scale_x"));
        Assert.Equal(Scale(nodes[2], "scale_o"), Scale(nodes[6], "scale_x"));
        Assert.Equal(Scale(nodes[6], "scale_o"), Scale(nodes[7], "scale_o"));

        // Initializers: int8 weights of the right shapes, int32 bias = floor(b·s_x·s_w + 0.5).
        var inits = m.Graph.Initializer.ToDictionary(t => t.Name);
        var w = inits[nodes[1].Input[1]];
        Assert.Equal(new long[] { 8, 3, 3, 3 }, w.Dims);
        Assert.Equal(8 * 3 * 3 * 3, w.RawData.Length);
        float sw = Scale(nodes[1], "scale_w");
        Assert.Equal(Pow2Scale.FromMaxAbs(conv.Weight.abs().max().item<float>(), 8).FloatValue, sw);
        var bias = inits[nodes[1].Input[2]];
        var bq = MemoryMarshalInts(bias.RawData.ToByteArray());
        var bf = conv.Bias!.data<float>().ToArray();
        for (int i = 0; i < bf.Length; i++) Assert.Equal((int)Math.Floor(bf[i] * (double)sx.FloatValue * sw + 0.5), bq[i]);
        var wq = w.RawData.ToByteArray().Select(b => (sbyte)b).ToArray();
        var wf = conv.Weight.data<float>().ToArray();
        for (int i = 0; i < wf.Length; i++) Assert.Equal(Math.Clamp(Math.Floor(wf[i] * (double)sw + 0.5), -128, 127), wq[i]);
        Assert.Equal(new long[] { 8 }, inits[nodes[2].Input[1]].Dims);
        Assert.Equal(new long[] { 8 }, inits[nodes[2].Input[3]].Dims);
        Assert.Equal(new long[] { 10, 128 }, inits[nodes[6].Input[1]].Dims);
    }

    private static int[] MemoryMarshalInts(byte[] raw)
        => Enumerable.Range(0, raw.Length / 4).Select(i => BitConverter.ToInt32(raw, 4 * i)).ToArray();

    [Fact]
    public void Export_ResidualAddCatAvgPool_MatchesDialect()
    {
        var model = ExportTestSupport.Trained(new BranchNet());
        string path = ExportTestSupport.TempPath("branch.onnx");
        Linger.Export(model, randn(1, 3, 8, 8), path);

        var m = ExportTestSupport.Load(path);
        CheckDialect(m, new long[] { 1, 3, 8, 8 }, new long[] { 1, 5 });
        var nodes = m.Graph.Node.ToList();
        Assert.Equal(new[] { "Quant", "Conv2dInt", "Conv2dInt", "iqAdd", "Conv2dInt", "Conv2dInt", "iqCat", "AvgPool2dInt", "Flatten", "LinearInt", "Dequant" },
            nodes.Select(n => n.OpType));
        Assert.Single(nodes, n => n.OpType == "Quant");
        NodeProto Producer(string value) => nodes.Single(n => n.Output.Contains(value));
        var add = nodes.Single(n => n.OpType == "iqAdd");
        Assert.Equal(nodes[1].Output[0], add.Input[0]);   // residual: the stem output
        Assert.Equal(nodes[2].Output[0], add.Input[1]);   // and the body output
        Assert.Equal(Scale(Producer(add.Input[0]), "scale_o"), Scale(add, "scale_x"));
        Assert.Equal(Scale(Producer(add.Input[1]), "scale_o"), Scale(add, "scale_y"));
        Assert.Equal("Non_t710_mode", ExportTestSupport.Attr(add, "mode").S.ToStringUtf8());
        Assert.True(Scale(add, "scale_o") <= Math.Min(Scale(add, "scale_x"), Scale(add, "scale_y")));
        var cat = nodes.Single(n => n.OpType == "iqCat");
        Assert.Equal(1, ExportTestSupport.Attr(cat, "dim").I);
        Assert.Equal(Scale(Producer(cat.Input[0]), "scale_o"), Scale(cat, "scale_x_0"));
        Assert.Equal(Scale(Producer(cat.Input[1]), "scale_o"), Scale(cat, "scale_x_1"));
        Assert.All(new[] { nodes[4], nodes[5] }, n => Assert.Equal(add.Output[0], n.Input[0]));
        Assert.Equal(2, nodes[5].Input.Count); // the bias-free conv has no bias input
        var pool = nodes.Single(n => n.OpType == "AvgPool2dInt");
        Assert.Equal(cat.Output[0], pool.Input[0]);
        Assert.Equal(Scale(cat, "scale_o"), Scale(pool, "scale_x"));
        Assert.Equal(Scale(pool, "scale_x"), Scale(pool, "scale_o"));
        Assert.Equal(0, ExportTestSupport.Attr(pool, "ceil_mode").I);
        Assert.Equal(new long[] { 2, 2 }, ExportTestSupport.Attr(pool, "kernel_shape").Ints);
    }

    [Fact]
    public void Export_ViewBetweenQuantizedLayers_FailsNamingModuleAndKeepsExistingFile()
    {
        var model = ExportTestSupport.Trained(new ViewNet());
        string path = ExportTestSupport.TempPath("view.onnx");
        File.WriteAllText(path, "previous");
        var e = Assert.Throws<LingerException>(() => Linger.Export(model, randn(1, 3, 8, 8), path));
        Assert.Contains("'fc'", e.Message);
        Assert.Contains("LinearInt", e.Message);
        Assert.Contains("view", e.Message);
        Assert.Contains("IqFlatten", e.Message);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Export_AfterwardsModelStillTrains_ParametersFloatAndUnchanged()
    {
        var model = ExportTestSupport.Trained(new SeqNet());
        model.train();
        model.pool.eval(); // a mixed mode must be restored per module
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var buffers = model.named_buffers().ToDictionary(p => p.name, p => p.buffer.detach().clone());
        var paramObjects = model.parameters().ToList();

        Linger.Export(model, randn(2, 3, 8, 8), ExportTestSupport.TempPath("train.onnx"));

        Assert.True(model.training);
        Assert.True(model.conv.training);
        Assert.False(model.pool.training);
        Assert.Equal(paramObjects, model.parameters().ToList());
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.True(p.requires_grad, name);
            Assert.True(p.equal(before[name]).all().item<bool>(), $"{name} changed by export");
        }
        foreach (var (name, b) in model.named_buffers())
            Assert.True(b.equal(buffers[name]).all().item<bool>(), $"buffer {name} changed by export");

        var opt = optim.SGD(model.parameters(), 0.1);
        var loss = model.call(randn(4, 3, 8, 8)).pow(2).mean();
        opt.zero_grad();
        loss.backward();
        opt.step();
        Assert.False(model.named_parameters().All(p => p.parameter.equal(before[p.name]).all().item<bool>()), "a training step changed nothing");
    }

    [Fact]
    public void Export_UntrainedModel_FailsWithoutWritingAFile()
    {
        var model = Linger.Init(new SeqNet());
        string path = ExportTestSupport.TempPath("untrained.onnx");
        var e = Assert.Throws<LingerException>(() => Linger.Export(model, randn(1, 3, 8, 8), path));
        Assert.Contains("statistics", e.Message);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Export_OnnxChecker_AcceptsExportedFiles()
    {
        string seq = ExportTestSupport.TempPath("seq.onnx");
        Linger.Export(ExportTestSupport.Trained(new SeqNet()), randn(1, 3, 8, 8), seq);
        string branch = ExportTestSupport.TempPath("branch.onnx");
        Linger.Export(ExportTestSupport.Trained(new BranchNet()), randn(1, 3, 8, 8), branch);
        string seq14 = ExportTestSupport.TempPath("seq14.onnx");
        Linger.Export(ExportTestSupport.Trained(new SeqNet()), randn(1, 3, 8, 8), seq14, new ExportOptions { StandardOpset = 14 });

        // onnx.checker with full_check runs strict typed shape inference: thinker ops are skipped (unknown domain),
        // but standard Relu accepts int8 only from opset 14, while the dialect is opset 12 (linger's own exports
        // have the same property). So: structural check + untyped strict shape inference for every file, and the
        // full check for graphs without Relu.
        string script = $$"""
            import onnx, sys
            for p in [{{Py(seq)}}, {{Py(branch)}}, {{Py(seq14)}}]:
                m = onnx.load(p)
                onnx.checker.check_model(m)
                onnx.shape_inference.infer_shapes(m, check_type=False, strict_mode=True)
                # int attributes are present on the wire even when 0 (AvgPool2dInt ceil_mode)
                for n in m.graph.node:
                    for a in n.attribute:
                        if a.type == onnx.AttributeProto.INT and not a.HasField("i"):
                            sys.exit(f"{n.name}.{a.name}: int attribute without a value")
                        if a.type == onnx.AttributeProto.FLOAT and not a.HasField("f"):
                            sys.exit(f"{n.name}.{a.name}: float attribute without a value")
                assert any(a.name == "ceil_mode" and a.HasField("i") for n in m.graph.node for a in n.attribute) or "seq" in p
                std = [o.version for o in m.opset_import if o.domain == ""][0]
                if std >= 14 or not any(n.op_type == "Relu" for n in m.graph.node):
                    onnx.checker.check_model(m, full_check=True)
                    print("full_check ok", p)
            print("ok")
            """;
        var (code, output) = ExportTestSupport.RunPythonOnnx(script);
        Assert.True(code == 0, output);
        Assert.Contains("full_check ok", output);
        Assert.Contains("seq14.onnx", output); // the Relu graph passes the full check with StandardOpset 14
    }

    private static string Py(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
