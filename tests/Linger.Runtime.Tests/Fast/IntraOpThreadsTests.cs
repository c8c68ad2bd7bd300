using CsCheck;
using LingerNet.Runtime.Kernels;
using LingerNet.Runtime.Kernels.Fast;
using Xunit;

namespace LingerNet.Runtime.Tests.Fast;

/// <summary>RunOptions.Threads splits the fast convolution over output-channel blocks: results never depend on the thread count.</summary>
public class IntraOpThreadsTests
{
    [Theory]
    [MemberData(nameof(FastKernelTests.FastPaths), MemberType = typeof(FastKernelTests))]
    public void Conv2dFast_AnyThreadCount_EqualsOneThreadAndReference(string pathName)
    {
        var path = Enum.Parse<KernelPath>(pathName);
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int group = r.Next(3) == 0 ? 2 : 1;
            int c = group * r.Next(1, 5), oc = group * r.Next(1, 13);
            int kh = r.Next(1, 4), kw = r.Next(1, 4);
            var g = new Conv2dGeometry(r.Next(1, 3), c, kh + r.Next(12), kw + r.Next(12), kh, kw, r.Next(1, 3), r.Next(1, 3), r.Next(2), r.Next(2), r.Next(2), r.Next(2), 1, 1);
            var x = new sbyte[g.N * c * g.H * g.W];
            var w = new sbyte[oc * (c / group) * kh * kw];
            r.NextBytes((Span<byte>)System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()));
            r.NextBytes((Span<byte>)System.Runtime.InteropServices.MemoryMarshal.AsBytes(w.AsSpan()));
            var b = Enumerable.Range(0, oc).Select(_ => r.Next(-1 << 20, 1 << 20)).ToArray();
            var packed = new PackedConvWeights(w, oc, c / group, kh, kw, group);
            var expected = Conv2dIntKernel.Accumulate(x, w, b, g, oc, group);
            int shift = r.Next(0, 20);
            int threads = r.Next(2, 6);
            int before = IntraOpThreads.Current;
            IntraOpThreads.Current = threads;
            try
            {
                Assert.Equal(expected, Conv2dIntFastKernel.Accumulate(x, packed, b, g, path));
                Assert.Equal(Conv2dIntKernel.RequantizeInt8(expected, shift), Conv2dIntFastKernel.RunInt8(x, packed, b, g, path, shift));
            }
            finally
            {
                IntraOpThreads.Current = before;
            }
        }, iter: 100);
    }

    [Fact]
    public void Run_ThreadsOption_SameOutputsForAnyThreadCount()
    {
        var r = new Random(21);
        using var rt = PlannedExecutionTests.ConvReluBatched(r).Load();
        var x = Enumerable.Range(0, 4 * 192).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray();
        var input = new RuntimeTensor("input", [4, 3, 8, 8], x);
        var one = rt.Run(input);
        foreach (int t in new[] { 2, 3, 8 })
            Assert.Equal(one.Outputs[0].Int8, rt.Run(input, new RunOptions { Threads = t }).Outputs[0].Int8);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RunOptions { Threads = 0 });
    }
}
