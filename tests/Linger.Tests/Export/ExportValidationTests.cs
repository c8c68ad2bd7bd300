using Google.Protobuf;
using LingerNet.Runtime;
using Onnx;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Export;

/// <summary>Export validates with the runtime loader: the same checks catch a damaged exported file.</summary>
public class ExportValidationTests
{
    private static ModelProto Exported()
    {
        string path = ExportTestSupport.TempPath("valid.onnx");
        Linger.Export(ExportTestSupport.Trained(new SeqNet()), randn(1, 3, 8, 8), path);
        return ExportTestSupport.Load(path);
    }

    private static LingerException LoadFails(ModelProto m) => Assert.Throws<LingerException>(() => LingerRuntime.Load(m.ToByteArray(), "m.onnx"));

    [Fact]
    public void Load_ExportedModel_Passes()
    {
        using var rt = LingerRuntime.Load(Exported().ToByteArray(), "m.onnx");
        Assert.Equal(Numerics.Dialect.ChipTarget.Venus, rt.Target);
    }

    [Fact]
    public void Load_ScaleNotPowerOfTwo_Fails()
    {
        var m = Exported();
        m.Graph.Node.Single(n => n.OpType == "Conv2dInt").Attribute.Single(a => a.Name == "scale_w").F = 3f;
        var e = LoadFails(m);
        Assert.Contains("scale_w", e.Message);
        Assert.Contains("power of two", e.Message);
    }

    [Fact]
    public void Load_FloatIntoInt8Op_Fails()
    {
        var m = Exported();
        var quant = m.Graph.Node.Single(n => n.OpType == "Quant");
        m.Graph.Node.Single(n => n.OpType == "Conv2dInt").Input[0] = quant.Input[0];
        Assert.Contains("is float32, must be int8", LoadFails(m).Message);
    }

    [Fact]
    public void Load_DeclaredTypeDisagreesWithContract_Fails()
    {
        var m = Exported();
        var bn = m.Graph.Node.Single(n => n.OpType == "BatchNorm2dInt");
        bn.Attribute.Remove(bn.Attribute.Single(a => a.Name == "scale_o"));
        bn.Attribute.Remove(bn.Attribute.Single(a => a.Name == "o_bits"));
        Assert.Contains("declared int8 but the op produces float32", LoadFails(m).Message);
    }

    [Fact]
    public void Load_DeclaredShapeDisagrees_Fails()
    {
        var m = Exported();
        var conv = m.Graph.Node.Single(n => n.OpType == "Conv2dInt");
        m.Graph.ValueInfo.Single(v => v.Name == conv.Output[0]).Type.TensorType.Shape.Dim[1].DimValue = 99;
        var e = LoadFails(m);
        Assert.Contains(conv.Name, e.Message);
        Assert.Contains("is declared [1, 99", e.Message);
    }
}
