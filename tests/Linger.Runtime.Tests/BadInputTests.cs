using LingerNet.Numerics.Dialect;
using Onnx;
using Xunit;

namespace LingerNet.Runtime.Tests;

public class BadInputTests
{
    private static LingerException LoadFails(OnnxModelBuilder mb, params string[] mentions)
    {
        var e = Assert.Throws<LingerException>(() => mb.Load());
        foreach (var m in mentions) Assert.Contains(m, e.Message);
        return e;
    }

    private static OnnxModelBuilder Example() => EndToEndTests.WorkedExample(new Random(3));

    private static NodeProto NodeNamed(OnnxModelBuilder mb, string name) => mb.Graph.Node.First(n => n.Name == name);

    private static void RemoveAttr(NodeProto n, string attr) => n.Attribute.Remove(n.Attribute.First(a => a.Name == attr));

    private static void SetFloat(NodeProto n, string attr, float v) => n.Attribute.First(a => a.Name == attr).F = v;

    [Fact]
    public void Load_TruncatedFile_ThrowsNamingFile()
    {
        var bytes = Example().Bytes();
        var e = Assert.Throws<LingerException>(() => LingerRuntime.Load(bytes[..(bytes.Length / 2)], "half.onnx"));
        Assert.Contains("half.onnx", e.Message);
    }

    [Fact]
    public void Load_NotOnnx_ThrowsNamingFile()
    {
        var e = Assert.Throws<LingerException>(() => LingerRuntime.Load("hello, this is not a model"u8.ToArray(), "text.onnx"));
        Assert.Contains("text.onnx", e.Message);
        Assert.Throws<LingerException>(() => LingerRuntime.Load([], "empty.onnx"));
        var r = new Random(5);
        for (int i = 0; i < 200; i++)
        {
            var junk = new byte[r.Next(1, 300)];
            r.NextBytes(junk);
            try { LingerRuntime.Load(junk, "junk.onnx"); }
            catch (LingerException) { }
        }
    }

    [Fact]
    public void Load_MissingFile_Throws()
        => Assert.Contains("nope.onnx", Assert.Throws<LingerException>(() => LingerRuntime.Load("/nonexistent/nope.onnx")).Message);

    [Fact]
    public void Load_UnknownOp_ThrowsNamingNode()
    {
        var mb = Example();
        NodeNamed(mb, "n2").OpType = "Gelu";
        LoadFails(mb, "'n2'", "Gelu", "not supported");
    }

    [Fact]
    public void Load_MissingAttribute_ThrowsNamingNodeAndAttribute()
    {
        var mb = Example();
        RemoveAttr(NodeNamed(mb, "n1"), AttributeNames.ScaleW);
        LoadFails(mb, "'n1'", "Conv2dInt", "scale_w", "missing");
    }

    [Fact]
    public void Load_NonPowerOfTwoScale_ThrowsNamingNode()
    {
        var mb = Example();
        SetFloat(NodeNamed(mb, "n4"), AttributeNames.ScaleX, 12f);
        LoadFails(mb, "'n4'", "LinearInt", "scale_x", "power of two");
    }

    [Fact]
    public void Load_InconsistentScaleChain_ThrowsNamingNode()
    {
        var mb = Example();
        SetFloat(NodeNamed(mb, "n4"), AttributeNames.ScaleX, 32f); // producer n1 outputs at 2^4
        LoadFails(mb, "'n4'", "scale_x");
    }

    [Fact]
    public void Load_MissingInitializer_ThrowsNamingNodeAndInput()
    {
        var mb = Example();
        mb.Graph.Initializer.Remove(mb.Graph.Initializer.First(t => t.Name == "fc.bias"));
        LoadFails(mb, "'n4'", "fc.bias", "missing");
    }

    [Fact]
    public void Load_WrongWeightDtype_ThrowsNamingNode()
    {
        var mb = Example();
        var w = mb.Graph.Initializer.First(t => t.Name == "conv.bias");
        w.DataType = OnnxDataTypes.Float;
        w.FloatData.AddRange(w.Int32Data.Select(v => (float)v));
        w.Int32Data.Clear();
        LoadFails(mb, "'n1'", "bias", "int32");
    }

    [Fact]
    public void Load_InputChannelsDisagreeWithWeight_ThrowsNamingNode()
    {
        var mb = Example();
        mb.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = 4; // 4 channels, the conv weight wants 3
        LoadFails(mb, "'n1'", "4 channels");
    }

    [Fact]
    public void Load_NegativeShift_ThrowsChipDefect()
    {
        var mb = Example();
        SetFloat(NodeNamed(mb, "n1"), AttributeNames.ScaleO, 8192f); // q_o = 13 > q_x + q_w = 12
        LoadFails(mb, "'n1'", "shift");
    }

    [Fact]
    public void Load_IqAddFinerOutput_Throws()
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 4).Input("y", OnnxDataTypes.Int8, 4).Output("z", OnnxDataTypes.Int8);
        mb.Node(OpTypes.IqAdd, ["x", "y"], ["z"], "add", attrs: [(AttributeNames.ScaleX, 16f), (AttributeNames.ScaleY, 8f), (AttributeNames.ScaleO, 16f)]);
        LoadFails(mb, "'add'", "iqAdd", "q_y ≥ q_o");
    }

    [Fact]
    public void Load_IqAddShapeMismatch_Throws()
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 4).Input("y", OnnxDataTypes.Int8, 1).Output("z", OnnxDataTypes.Int8);
        mb.Node(OpTypes.IqAdd, ["x", "y"], ["z"], "add", attrs: [(AttributeNames.ScaleX, 16f), (AttributeNames.ScaleY, 8f), (AttributeNames.ScaleO, 8f)]);
        LoadFails(mb, "'add'", "broadcasting");
    }

    [Fact]
    public void Load_IqCatUpscaleOf7Bits_ThrowsChipDefect()
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 4).Input("y", OnnxDataTypes.Int8, 4).Output("z", OnnxDataTypes.Int8);
        mb.Node(OpTypes.IqCat, ["x", "y"], ["z"], "cat", attrs: [(AttributeNames.ScaleXAt(0), 1f), (AttributeNames.ScaleXAt(1), 128f), (AttributeNames.ScaleO, 128f), (AttributeNames.Dim, 0)]);
        LoadFails(mb, "'cat'", "7 bits");
    }

    [Fact]
    public void Load_AvgPoolCoarserOutputNonPow2_ThrowsChipDefect()
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 1, 1, 3, 3).Output("z", OnnxDataTypes.Int8);
        mb.Node(OpTypes.AvgPool2dInt, ["x"], ["z"], "pool", attrs: [(AttributeNames.KernelShape, new[] { 3, 3 }), (AttributeNames.ScaleX, 16f), (AttributeNames.ScaleO, 8f)]);
        LoadFails(mb, "'pool'", "AvgPool2dInt");
    }

    [Fact]
    public void Load_FloatIntoConv_ThrowsNamingNode()
    {
        var mb = Example();
        NodeNamed(mb, "n1").Input[0] = "input"; // skip the Quant
        LoadFails(mb, "'n1'", "float32", "int8");
    }

    [Fact]
    public void Load_Cycle_Throws()
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 4).Output("b", OnnxDataTypes.Int8);
        mb.Std(OpTypes.Relu, ["b"], ["a"], "r1");
        mb.Std(OpTypes.Relu, ["a"], ["b"], "r2");
        LoadFails(mb, "cycle", "'r1'");
    }

    [Fact]
    public void Load_BadReshape_ThrowsNamingNode()
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 2, 3).Output("y", OnnxDataTypes.Int8).Int64("s", [4, 2], 2);
        mb.Std(OpTypes.Reshape, ["x", "s"], ["y"], "rs");
        LoadFails(mb, "'rs'", "reshape");
    }

    [Fact]
    public void Run_WrongInputLength_Throws()
    {
        using var rt = Example().Load();
        Assert.Contains("'input'", Assert.Throws<LingerException>(() => rt.Run(new float[10])).Message);
    }

    [Fact]
    public void Run_WrongInputShape_Throws()
    {
        using var rt = Example().Load();
        var e = Assert.Throws<LingerException>(() => rt.Run(new RuntimeTensor("input", [1, 3, 4, 16], new float[192])));
        Assert.Contains("'input'", e.Message);
    }

    [Fact]
    public void Run_WrongInputDtype_Throws()
    {
        using var rt = Example().Load();
        Assert.Throws<LingerException>(() => rt.Run(new RuntimeTensor("input", [1, 3, 8, 8], new int[192])));
    }

    [Fact]
    public void Run_UnknownInputName_Throws()
    {
        using var rt = Example().Load();
        Assert.Throws<LingerException>(() => rt.Run(new Dictionary<string, RuntimeTensor> { ["nope"] = new("nope", [1], new float[1]) }));
    }
}
