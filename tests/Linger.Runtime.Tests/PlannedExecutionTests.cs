using LingerNet.Numerics.Dialect;
using Xunit;

namespace LingerNet.Runtime.Tests;

/// <summary>Shapes are inferred once at load and re-planned (cached) only when a run's input shapes differ.</summary>
public class PlannedExecutionTests
{
    /// <summary>Quant → Conv2dInt → Relu → Dequant with a symbolic batch dimension.</summary>
    internal static OnnxModelBuilder ConvReluBatched(Random r)
    {
        var mb = new OnnxModelBuilder().Input("input", OnnxDataTypes.Float, -1, 3, 8, 8).Output("output")
            .Int8("conv.weight", Reference.RandomInt8(r, 8 * 3 * 3 * 3), 8, 3, 3, 3).Int32("conv.bias", Reference.RandomInt32(r, 8, 4000), 8);
        mb.Node(OpTypes.Quant, ["input"], ["t0"], "n0", attrs: [(AttributeNames.DataBits, 8), (AttributeNames.ScaleX, 32f), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant)]);
        mb.Node(OpTypes.Conv2dInt, ["t0", "conv.weight", "conv.bias"], ["t1"], "n1", attrs: [(AttributeNames.ScaleX, 32f), (AttributeNames.ScaleW, 128f),
            (AttributeNames.Dilations, new[] { 1, 1 }), (AttributeNames.Group, 1), (AttributeNames.KernelShape, new[] { 3, 3 }), (AttributeNames.Pads, new[] { 1, 1, 1, 1 }),
            (AttributeNames.Strides, new[] { 1, 1 }), (AttributeNames.DataBits, 8), (AttributeNames.ParameterBits, 8), (AttributeNames.ScaleO, 16f), (AttributeNames.OBits, 8),
            (AttributeNames.PlatformQuant, AttributeValues.LunaQuant), (AttributeNames.CastorMode, AttributeValues.CastorModeLuna)]);
        mb.Std(OpTypes.Relu, ["t1"], ["t2"], "n2");
        mb.Node(OpTypes.Dequant, ["t2"], ["output"], "n3", attrs: [(AttributeNames.ScaleO, 16f)]);
        return mb;
    }

    private static float[] RandomImages(Random r, int n) => Enumerable.Range(0, n * 192).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray();

    [Fact]
    public void Run_BatchDiffersFromDeclared_EqualsPerSampleRuns()
    {
        var r = new Random(7);
        using var rt = ConvReluBatched(r).Load();
        var x = RandomImages(r, 5);
        var batched = rt.Run(new RuntimeTensor("input", [5, 3, 8, 8], x));
        Assert.Equal(new[] { 5, 8, 8, 8 }, batched.Outputs[0].Shape);
        for (int n = 0; n < 5; n++)
        {
            var one = rt.Run(x.AsSpan(n * 192, 192).ToArray());
            Assert.Equal(new[] { 1, 8, 8, 8 }, one.Outputs[0].Shape);
            Assert.Equal(one.Outputs[0].Int8, batched.Outputs[0].Int8!.AsSpan(n * 512, 512).ToArray());
        }
        // The batch-5 plan is cached: a second batched run after batch-1 runs gives the same result.
        var again = rt.Run(new RuntimeTensor("input", [5, 3, 8, 8], x));
        Assert.Equal(batched.Outputs[0].Int8, again.Outputs[0].Int8);
        Assert.Equal(new[] { 5, 8, 8, 8 }, again.Outputs[0].Shape);
    }

    [Fact]
    public void Run_OutputShape_IsTheCallersOwnArray()
    {
        var r = new Random(8);
        using var rt = ConvReluBatched(r).Load();
        var first = rt.Run(RandomImages(r, 1));
        first.Outputs[0].Shape[0] = 99;
        var second = rt.Run(RandomImages(r, 1));
        Assert.Equal(new[] { 1, 8, 8, 8 }, second.Outputs[0].Shape);
    }

    [Fact]
    public void Run_Int8FeedAndFloatFeed_SameOutputsForAnyBatch()
    {
        var r = new Random(9);
        using var rt = ConvReluBatched(r).Load();
        var x = RandomImages(r, 3);
        var f = rt.Run(new RuntimeTensor("input", [3, 3, 8, 8], x), new RunOptions { Dump = true });
        var q = f.DumpOf("t0").AsInt8();
        var i = rt.Run(new RuntimeTensor("input", [3, 3, 8, 8], q));
        Assert.Equal(f.Outputs[0].Int8, i.Outputs[0].Int8);
        Assert.Equal(f.Outputs[0].Float, i.Outputs[0].Float);
    }

    [Fact]
    public void MemoryPlan_Chain_SharesBuffersWhoseLifetimesDoNotOverlap()
    {
        using var rt = ConvReluBatched(new Random(10)).Load();
        var mp = rt.MemoryPlan;
        // t0 (Quant, 192 B) and t1 (Conv, 512 B) are alive together; Relu's t2 (512 B) reuses t0's buffer, grown.
        Assert.Equal(3, mp.IntermediateCount);
        Assert.Equal(192 + 512 + 512, mp.NaiveActivationBytes);
        Assert.Equal(2, mp.BufferBytes.Count);
        Assert.Equal(1024, mp.PeakActivationBytes);
    }

    [Fact]
    public void MemoryPlan_ReshapeAliasesItsInput_KeepsTheBufferAliveUntilTheAliasIsRead()
    {
        using var rt = EndToEndTests.WorkedExample(new Random(11)).Load();
        var mp = rt.MemoryPlan;
        // t0 192, t1 512, t2 512 (read through the Reshape by LinearInt), t4 10: t2 cannot share with t1's reader's output.
        Assert.Equal(4, mp.IntermediateCount);
        Assert.Equal(192 + 512 + 512 + 10, mp.NaiveActivationBytes);
        Assert.True(mp.PeakActivationBytes >= 512 + 512, mp.ToString());
        Assert.True(mp.PeakActivationBytes < mp.NaiveActivationBytes, mp.ToString());
    }
}
