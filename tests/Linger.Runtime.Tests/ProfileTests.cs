using Xunit;

namespace LingerNet.Runtime.Tests;

/// <summary><see cref="RunOptions.Profile"/>: a time for every executed node (a fused pair counts as one), in order, and nothing else changes.</summary>
public class ProfileTests
{
    [Fact]
    public void Run_Profiled_TimesEveryNodeInExecutionOrderWithTheSameOutputs()
    {
        var r = new Random(11);
        using var rt = PlannedExecutionTests.ConvReluBatched(r).Load();
        var x = Enumerable.Range(0, 192).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray();
        var plain = rt.Run(x);
        var profiled = rt.Run(x, new RunOptions { Profile = true });
        Assert.Null(plain.Profile);
        Assert.Equal(plain.Outputs[0].Int8, profiled.Outputs[0].Int8);
        var timings = profiled.Profile!;
        // A fused pair (a Relu run inside the convolution's kernel) is one entry "conv + relu".
        Assert.Equal(rt.Nodes.Select(n => n.Name), timings.SelectMany(t => t.Node.Split(" + ")));
        Assert.Equal(["thinker::Quant", "thinker::Conv2dInt", "Relu", "thinker::Dequant"], timings.SelectMany(t => t.OpType.Split(" + ")));
        Assert.All(timings, t => Assert.True(t.Microseconds >= 0));
        Assert.True(timings[1].Microseconds > 0, "the convolution takes measurable time");
    }

    [Fact]
    public void Run_ProfiledWithInt8Feed_LeavesOutTheSkippedQuant()
    {
        var r = new Random(12);
        using var rt = PlannedExecutionTests.ConvReluBatched(r).Load();
        var q = Enumerable.Range(0, 192).Select(_ => (sbyte)r.Next(-128, 128)).ToArray();
        var timings = rt.Run(q, new RunOptions { Profile = true }).Profile!;
        Assert.Equal(rt.Nodes.Skip(1).Select(n => n.Name), timings.SelectMany(t => t.Node.Split(" + ")));
    }
}
