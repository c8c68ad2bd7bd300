using LingerNet.Numerics.Dialect;
using Xunit;

namespace LingerNet.Runtime.Tests;

/// <summary>A Relu right after a Conv2dInt runs inside the convolution's kernel; results are those of the two nodes.</summary>
public class ReluFusionTests
{
    /// <summary>Quant → Conv2dInt → Relu → Conv2dInt → Relu → Dequant (the first pair's Relu output is an intermediate).</summary>
    private static OnnxModelBuilder TwoConvRelu(Random r, int channels)
    {
        var mb = new OnnxModelBuilder().Input("input", OnnxDataTypes.Float, 1, 3, 10, 10).Output("output")
            .Int8("w1", Reference.RandomInt8(r, channels * 3 * 9), channels, 3, 3, 3).Int32("b1", Reference.RandomInt32(r, channels, 4000), channels)
            .Int8("w2", Reference.RandomInt8(r, channels * channels * 9), channels, channels, 3, 3);
        mb.Node(OpTypes.Quant, ["input"], ["t0"], "q", attrs: [(AttributeNames.DataBits, 8), (AttributeNames.ScaleX, 32f), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant)]);
        mb.Node(OpTypes.Conv2dInt, ["t0", "w1", "b1"], ["t1"], "conv1", attrs: Conv(32f, 16f));
        mb.Std(OpTypes.Relu, ["t1"], ["t2"], "relu1");
        mb.Node(OpTypes.Conv2dInt, ["t2", "w2"], ["t3"], "conv2", attrs: Conv(16f, 8f));
        mb.Std(OpTypes.Relu, ["t3"], ["t4"], "relu2");
        mb.Node(OpTypes.Dequant, ["t4"], ["output"], "dq", attrs: [(AttributeNames.ScaleO, 8f)]);
        return mb;
    }

    private static (string, object)[] Conv(float scaleX, float scaleO) =>
    [
        (AttributeNames.ScaleX, scaleX), (AttributeNames.ScaleW, 128f), (AttributeNames.Dilations, new[] { 1, 1 }), (AttributeNames.Group, 1),
        (AttributeNames.KernelShape, new[] { 3, 3 }), (AttributeNames.Pads, new[] { 1, 1, 1, 1 }), (AttributeNames.Strides, new[] { 1, 1 }),
        (AttributeNames.DataBits, 8), (AttributeNames.ParameterBits, 8), (AttributeNames.ScaleO, scaleO), (AttributeNames.OBits, 8),
        (AttributeNames.PlatformQuant, AttributeValues.LunaQuant), (AttributeNames.CastorMode, AttributeValues.CastorModeLuna),
    ];

    [Theory]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(21)]
    public void Run_ConvThenRelu_FusedAndEqualToTheUnfusedNodes(int channels)
    {
        var r = new Random(channels);
        using var rt = TwoConvRelu(r, channels).Load();
        for (int i = 0; i < 5; i++)
        {
            var x = Enumerable.Range(0, 300).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray();
            var fused = rt.Run(x, new RunOptions { Profile = true });
            Assert.Contains(fused.Profile!, t => t.Node == "conv1 + relu1"); // relu1's output is a reusable intermediate
            // A dump keeps every tensor, so it runs each node on its own.
            var separate = rt.Run(x, new RunOptions { Dump = true });
            Assert.Equal(separate.Outputs[0].Int8, fused.Outputs[0].Int8);
            Assert.Contains(separate.DumpOf("t2").AsInt8(), v => v == 0);
        }
    }

    /// <summary>Quant → two convolutions → iqAdd → Relu → Conv2dInt → Dequant: the Relu's buffer may be a dead input's of the add.</summary>
    private static OnnxModelBuilder AddRelu(Random r, int channels)
    {
        var mb = new OnnxModelBuilder().Input("input", OnnxDataTypes.Float, 1, 3, 10, 10).Output("output")
            .Int8("wa", Reference.RandomInt8(r, channels * 27), channels, 3, 3, 3).Int8("wb", Reference.RandomInt8(r, channels * 27), channels, 3, 3, 3)
            .Int8("wc", Reference.RandomInt8(r, channels * channels * 9), channels, channels, 3, 3);
        mb.Node(OpTypes.Quant, ["input"], ["t0"], "q", attrs: [(AttributeNames.DataBits, 8), (AttributeNames.ScaleX, 32f), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant)]);
        mb.Node(OpTypes.Conv2dInt, ["t0", "wa"], ["a"], "conva", attrs: Conv(32f, 16f));
        mb.Node(OpTypes.Conv2dInt, ["t0", "wb"], ["b"], "convb", attrs: Conv(32f, 8f));
        mb.Node(OpTypes.IqAdd, ["a", "b"], ["s"], "add", attrs: [(AttributeNames.ScaleX, 16f), (AttributeNames.ScaleY, 8f), (AttributeNames.ScaleO, 8f)]);
        mb.Std(OpTypes.Relu, ["s"], ["t"], "relu");
        mb.Node(OpTypes.Conv2dInt, ["t", "wc"], ["c"], "convc", attrs: Conv(8f, 4f));
        mb.Node(OpTypes.Dequant, ["c"], ["output"], "dq", attrs: [(AttributeNames.ScaleO, 4f)]);
        return mb;
    }

    [Fact]
    public void Run_AddThenRelu_FusedEvenOverAnInputBufferAndEqualToTheUnfusedNodes()
    {
        var r = new Random(5);
        using var rt = AddRelu(r, 16).Load();
        for (int i = 0; i < 5; i++)
        {
            var x = Enumerable.Range(0, 300).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray();
            var fused = rt.Run(x, new RunOptions { Profile = true });
            Assert.Contains(fused.Profile!, t => t.Node == "add + relu");
            var separate = rt.Run(x, new RunOptions { Dump = true });
            Assert.Equal(separate.Outputs[0].Int8, fused.Outputs[0].Int8);
            Assert.Contains(separate.DumpOf("s").AsInt8(), v => v < 0); // the Relu has work to do
        }
    }
}
