using Xunit;

namespace LingerNet.Runtime.Tests;

/// <summary>One runtime, many threads: every run gives what it gives alone (buffers are never shared between concurrent runs).</summary>
public class ConcurrentRunTests
{
    [Fact]
    public void Run_FromSeveralThreadsAtOnce_EqualsSequentialRuns()
    {
        var r = new Random(21);
        using var rt = PlannedExecutionTests.ConvReluBatched(r).Load();
        var inputs = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, 192).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray()).ToArray();
        var expected = inputs.Select(x => rt.Run(x).Outputs[0].Int8!).ToArray();
        for (int round = 0; round < 5; round++)
        {
            var actual = new sbyte[inputs.Length][];
            Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = rt.Run(inputs[i]).Outputs[0].Int8!);
            for (int i = 0; i < inputs.Length; i++) Assert.Equal(expected[i], actual[i]);
        }
    }
}
