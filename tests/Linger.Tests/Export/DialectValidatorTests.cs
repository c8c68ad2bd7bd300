using LingerNet.Export;
using Onnx;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Export;

public class DialectValidatorTests
{
    private static ModelProto Exported()
    {
        string path = ExportTestSupport.TempPath("valid.onnx");
        Linger.Export(ExportTestSupport.Trained(new SeqNet()), randn(1, 3, 8, 8), path);
        return ExportTestSupport.Load(path);
    }

    [Fact]
    public void Validate_ExportedModel_Passes() => DialectValidator.Validate(Exported());

    [Fact]
    public void Validate_ScaleNotPowerOfTwo_Fails()
    {
        var m = Exported();
        m.Graph.Node.Single(n => n.OpType == "Conv2dInt").Attribute.Single(a => a.Name == "scale_w").F = 3f;
        var e = Assert.Throws<LingerException>(() => DialectValidator.Validate(m));
        Assert.Contains("scale_w", e.Message);
        Assert.Contains("power of two", e.Message);
    }

    [Fact]
    public void Validate_FloatIntoInt8Op_Fails()
    {
        var m = Exported();
        var quant = m.Graph.Node.Single(n => n.OpType == "Quant");
        m.Graph.Node.Single(n => n.OpType == "Conv2dInt").Input[0] = quant.Input[0];
        var e = Assert.Throws<LingerException>(() => DialectValidator.Validate(m));
        Assert.Contains("is float32, expected int8", e.Message);
    }

    [Fact]
    public void Validate_MissingAttributeAndTypeConflict_ListsBoth()
    {
        var m = Exported();
        var bn = m.Graph.Node.Single(n => n.OpType == "BatchNorm2dInt");
        bn.Attribute.Remove(bn.Attribute.Single(a => a.Name == "scale_o"));
        m.Graph.ValueInfo.Single(v => v.Name == m.Graph.Node.Single(n => n.OpType == "Relu").Output[0]).Type.TensorType.ElemType = 6;
        var e = Assert.Throws<LingerException>(() => DialectValidator.Validate(m));
        Assert.Contains("required attribute 'scale_o' is missing", e.Message);
        Assert.Contains("declared int32 but the op produces int8", e.Message);
    }
}
