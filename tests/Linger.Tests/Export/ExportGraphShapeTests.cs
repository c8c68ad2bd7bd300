using LingerNet.Export;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Export;

public class ExportGraphShapeTests
{
    [Fact]
    public void Export_SequentialModel_IntermediatesDisposedBySequentialStillExport()
    {
        var model = ExportTestSupport.Trained(nn.Sequential(
            ("conv", nn.Conv2d(3, 4, 3, padding: 1)), ("relu", nn.ReLU()), ("pool", nn.MaxPool2d(2)),
            ("flat", nn.Flatten()), ("fc", nn.Linear(4 * 4 * 4, 6))));
        string path = ExportTestSupport.TempPath("sequential.onnx");
        Linger.Export(model, randn(1, 3, 8, 8), path);
        var m = ExportTestSupport.Load(path);
        Assert.Equal(new[] { "Quant", "Conv2dInt", "Relu", "MaxPool", "Flatten", "LinearInt", "Dequant" }, m.Graph.Node.Select(n => n.OpType));
        Assert.Contains(m.Graph.Initializer, t => t.Name == "conv.weight" && t.DataType == 3);
        Assert.Contains(m.Graph.Initializer, t => t.Name == "fc.bias" && t.DataType == 6);
    }

    [Fact]
    public void Export_SharedInputAndModuleCalledTwice_OneQuantUniqueNamesFloatOutput()
    {
        var net = new SharedInputNet();
        Linger.QuantModule(net.fc, outBits: null);
        var model = ExportTestSupport.Trained(net);
        string path = ExportTestSupport.TempPath("shared.onnx");
        Linger.Export(model, randn(1, 3, 8, 8), path);
        var m = ExportTestSupport.Load(path);
        var nodes = m.Graph.Node;
        // Dropout (IqIdentity) leaves no node; the float LinearInt output is the graph output without Dequant.
        Assert.Equal(new[] { "Quant", "Conv2dInt", "Conv2dInt", "iqAdd", "Flatten", "LinearInt" }, nodes.Select(n => n.OpType));
        Assert.Equal(nodes[0].Output[0], nodes[1].Input[0]);
        Assert.Equal(nodes[0].Output[0], nodes[2].Input[0]);
        Assert.Equal(nodes.Count, nodes.Select(n => n.Name).Distinct().Count());
        Assert.Equal(nodes.Count, nodes.Select(n => n.Output[0]).Distinct().Count());
        Assert.Equal(m.Graph.Initializer.Count, m.Graph.Initializer.Select(t => t.Name).Distinct().Count());
        var fc = nodes[^1];
        Assert.DoesNotContain(fc.Attribute, a => a.Name is "scale_o" or "o_bits");
        Assert.Equal("output", fc.Output[0]);
        Assert.Equal(1, m.Graph.Output[0].Type.TensorType.ElemType);
    }

    [Fact]
    public void Export_DequantOutputFalse_GraphOutputIsInt8()
    {
        var model = ExportTestSupport.Trained(new SeqNet());
        string path = ExportTestSupport.TempPath("int8out.onnx");
        Linger.Export(model, randn(1, 3, 8, 8), path, new ExportOptions { DequantOutput = false, InputName = "x", OutputName = "y" });
        var m = ExportTestSupport.Load(path);
        Assert.Equal("LinearInt", m.Graph.Node[^1].OpType);
        Assert.Equal("y", m.Graph.Output[0].Name);
        Assert.Equal(3, m.Graph.Output[0].Type.TensorType.ElemType);
        Assert.Equal("x", m.Graph.Node[0].Input[0]);
    }

    [Fact]
    public void Export_EvalOutputUnchangedByExport()
    {
        var model = ExportTestSupport.Trained(new BranchNet());
        model.eval();
        var x = randn(2, 3, 8, 8);
        var before = model.call(x).clone();
        Linger.Export(model, x, ExportTestSupport.TempPath("same.onnx"));
        Assert.True(model.call(x).equal(before).all().item<bool>());
    }
}
