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

    /// <summary>Quant → Conv2dInt(3→8) → <paramref name="relus"/> × Relu → Dequant, batch 1, 8×8.</summary>
    private static OnnxModelBuilder ConvThenRelus(Random r, int relus)
    {
        var mb = ConvReluBatched(r);
        mb.Graph.Node.RemoveAt(mb.Graph.Node.Count - 1);
        for (int k = 1; k < relus; k++) mb.Std(OpTypes.Relu, [$"t{k + 1}"], [$"t{k + 2}"], $"relu{k}");
        mb.Node(OpTypes.Dequant, [$"t{relus + 1}"], ["output"], "dq", attrs: [(AttributeNames.ScaleO, 16f)]);
        return mb;
    }

    /// <summary>Quant → Conv2dInt(3→16, 32×32) → Relu → MaxPool 2×2 → Relu → Reshape → LinearInt(4096→10) → Dequant.</summary>
    private static OnnxModelBuilder QuickstartLike(Random r)
    {
        var mb = new OnnxModelBuilder().Input("input", OnnxDataTypes.Float, 1, 3, 32, 32).Output("output")
            .Int8("conv.weight", Reference.RandomInt8(r, 16 * 3 * 3 * 3), 16, 3, 3, 3).Int32("conv.bias", Reference.RandomInt32(r, 16, 4000), 16)
            .Int8("fc.weight", Reference.RandomInt8(r, 10 * 4096), 10, 4096).Int32("fc.bias", Reference.RandomInt32(r, 10, 40000), 10);
        mb.Node(OpTypes.Quant, ["input"], ["t0"], "n0", attrs: [(AttributeNames.DataBits, 8), (AttributeNames.ScaleX, 32f), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant)]);
        mb.Node(OpTypes.Conv2dInt, ["t0", "conv.weight", "conv.bias"], ["t1"], "n1", attrs: [(AttributeNames.ScaleX, 32f), (AttributeNames.ScaleW, 128f),
            (AttributeNames.Dilations, new[] { 1, 1 }), (AttributeNames.Group, 1), (AttributeNames.KernelShape, new[] { 3, 3 }), (AttributeNames.Pads, new[] { 1, 1, 1, 1 }),
            (AttributeNames.Strides, new[] { 1, 1 }), (AttributeNames.DataBits, 8), (AttributeNames.ParameterBits, 8), (AttributeNames.ScaleO, 16f), (AttributeNames.OBits, 8),
            (AttributeNames.PlatformQuant, AttributeValues.LunaQuant), (AttributeNames.CastorMode, AttributeValues.CastorModeLuna)]);
        mb.Std(OpTypes.Relu, ["t1"], ["t2"], "n2");
        mb.Std(OpTypes.MaxPool, ["t2"], ["t3"], "n3", (AttributeNames.KernelShape, new[] { 2, 2 }), (AttributeNames.Strides, new[] { 2, 2 }));
        mb.Std(OpTypes.Relu, ["t3"], ["t4"], "n4");
        var shape = OnnxModelBuilder.Tensor("", OnnxDataTypes.Int64, [2]);
        shape.Int64Data.AddRange([1, -1]);
        mb.Std(OpTypes.Constant, [], ["shape"], "n5c", (AttributeNames.Value, shape));
        mb.Std(OpTypes.Reshape, ["t4", "shape"], ["t5"], "n5");
        mb.Node(OpTypes.LinearInt, ["t5", "fc.weight", "fc.bias"], ["t6"], "n6", attrs: [(AttributeNames.ScaleX, 16f), (AttributeNames.ScaleW, 256f),
            (AttributeNames.DataBits, 8), (AttributeNames.ParameterBits, 8), (AttributeNames.ScaleO, 8f), (AttributeNames.OBits, 8), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant)]);
        mb.Node(OpTypes.Dequant, ["t6"], ["output"], "n7", attrs: [(AttributeNames.ScaleO, 8f)]);
        return mb;
    }

    [Fact]
    public void MemoryPlan_ReluChain_SharesBuffersWhoseLifetimesDoNotOverlap()
    {
        using var rt = ConvThenRelus(new Random(10), 3).Load();
        var mp = rt.MemoryPlan;
        // t0 (192 B), t1, t2, t3 (512 B each; t4 is the Dequant's input, handed to the caller): t3 reuses t1's buffer.
        Assert.Equal(4, mp.IntermediateCount);
        Assert.Equal(192 + 3 * 512, mp.NaiveActivationBytes);
        Assert.Equal(3, mp.BufferBytes.Count);
        Assert.Equal(192 + 2 * 512, mp.PeakActivationBytes);
    }

    [Fact]
    public void MemoryPlan_ReshapeAliasesItsInput_KeepsTheBufferAliveUntilTheAliasIsRead()
    {
        using var rt = QuickstartLike(new Random(11)).Load();
        var mp = rt.MemoryPlan;
        // t0 3072, t1 16384, t2 16384, t3 4096, t4 4096 (read through the Reshape by LinearInt): t4 cannot take t3's buffer,
        // t2 cannot take t1's (both alive at the Relu); nothing of equal size is free earlier, so no sharing here.
        Assert.Equal(5, mp.IntermediateCount);
        Assert.Equal(3072 + 2 * 16384 + 2 * 4096, mp.NaiveActivationBytes);
        Assert.Equal(mp.NaiveActivationBytes, mp.PeakActivationBytes);
    }

    [Fact]
    public void Run_WithReusedBuffers_EqualsDumpRunsWithFreshArrays()
    {
        var r = new Random(12);
        using var rt = ConvThenRelus(r, 4).Load();
        for (int i = 0; i < 5; i++)
        {
            var x = RandomImages(r, 1);
            var planned = rt.Run(x);
            var fresh = rt.Run(x, new RunOptions { Dump = true });
            Assert.Equal(fresh.Outputs[0].Int8, planned.Outputs[0].Int8);
            Assert.Equal(fresh.Outputs[0].Float, planned.Outputs[0].Float);
        }
    }

    [Fact]
    public void Run_PreviousOutputs_AreNotOverwrittenByTheNextRun()
    {
        var r = new Random(13);
        using var rt = QuickstartLike(r).Load();
        var x1 = RandomImages(r, 1).Concat(RandomImages(r, 15)).Take(3072).ToArray();
        var first = rt.Run(x1);
        var int8 = first.Outputs[0].Int8!.ToArray();
        var f = first.Outputs[0].Float!.ToArray();
        rt.Run(x1.Select(v => -v).ToArray());
        Assert.Equal(int8, first.Outputs[0].Int8);
        Assert.Equal(f, first.Outputs[0].Float);
    }

    [Fact]
    public void Run_AfterWarmUp_AllocatesOnlyItsOutputsAndASmallConstant()
    {
        var r = new Random(14);
        using var rt = QuickstartLike(r).Load();
        var x = Enumerable.Range(0, 3072).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray();
        var input = new RuntimeTensor("input", [1, 3, 32, 32], x);
        var feeds = new Dictionary<string, RuntimeTensor> { ["input"] = input };
        rt.Run(feeds);
        rt.Run(feeds);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = rt.Run(feeds);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long outputs = 10 * sizeof(float) + 10; // the float and int8 outputs
        // Intermediates total 44 KB (naive); the constant covers tensor headers, per-node argument arrays and LinearInt's 80-byte accumulator.
        Assert.True(allocated <= outputs + 4096, $"a run allocated {allocated} bytes");
        Assert.Equal(10, result.Outputs[0].Int8!.Length);
    }
}
