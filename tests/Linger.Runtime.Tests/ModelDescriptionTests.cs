using LingerNet.Numerics.Dialect;
using Xunit;

namespace LingerNet.Runtime.Tests;

public class ModelDescriptionTests
{
    [Fact]
    public void Nodes_WorkedExample_ExecutionOrderDomainsAndAttributes()
    {
        using var rt = EndToEndTests.WorkedExample(new Random(3)).Load();
        Assert.Equal(7, rt.Nodes.Count);
        Assert.Equal("n0", rt.Nodes[0].Name);
        var conv = rt.Nodes.Single(n => n.OpType == OpTypes.Conv2dInt);
        Assert.Equal("thinker::Conv2dInt", conv.QualifiedOpType);
        Assert.Equal("Relu", rt.Nodes.Single(n => n.OpType == OpTypes.Relu).QualifiedOpType);
        Assert.Equal(32.0, conv.Attributes[AttributeNames.ScaleX]);
        Assert.Equal(8L, conv.Attributes[AttributeNames.OBits]);
        Assert.Equal(new long[] { 1, 1, 1, 1 }, conv.Attributes[AttributeNames.Pads]);
        Assert.Equal(new[] { "t0", "conv.weight", "conv.bias" }, conv.Inputs);
    }

    [Fact]
    public void DescribeValue_InitializersActivationsUnknown()
    {
        using var rt = EndToEndTests.WorkedExample(new Random(3)).Load();
        var w = rt.DescribeValue("conv.weight")!;
        Assert.True(w.IsInitializer);
        Assert.Equal(216, w.ByteSize);
        Assert.Equal(40, rt.DescribeValue("fc.bias")!.ByteSize);
        var t1 = rt.DescribeValue("t1")!;
        Assert.False(t1.IsInitializer);
        Assert.Equal(new[] { 1, 8, 8, 8 }, t1.Shape);
        Assert.Equal(TensorElementType.Int8, t1.ElementType);
        Assert.Equal(4, t1.Scale!.Value.Exponent);
        Assert.False(rt.DescribeValue("shape")!.IsInitializer);
        Assert.Null(rt.DescribeValue("nope"));
    }
}
