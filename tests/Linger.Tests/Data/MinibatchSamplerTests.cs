using LingerNet.Data;
using Xunit;

namespace LingerNet.Tests.Data;

public class MinibatchSamplerTests
{
    [Fact]
    public void Epoch_Shuffled_IsAPermutationInBatches()
    {
        var s = new MinibatchSampler(103, 10, shuffle: true, seed: 5);
        var batches = s.Epoch(0).ToList();
        Assert.Equal(11, batches.Count);
        Assert.Equal(11, s.BatchesPerEpoch);
        Assert.Equal(3, batches[^1].Length);
        Assert.Equal(Enumerable.Range(0, 103).Select(i => (long)i), batches.SelectMany(b => b).Order());
    }

    [Fact]
    public void Epoch_SameSeedAndEpoch_SameOrder_OtherEpoch_OtherOrder()
    {
        var a = new MinibatchSampler(50, 7, true, 9).Epoch(2).SelectMany(b => b).ToArray();
        var b = new MinibatchSampler(50, 7, true, 9).Epoch(2).SelectMany(b => b).ToArray();
        var c = new MinibatchSampler(50, 7, true, 9).Epoch(3).SelectMany(b => b).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Epoch_NotShuffled_IsInOrder_DropLastDropsTail()
    {
        var s = new MinibatchSampler(10, 4, shuffle: false, seed: 0, dropLast: true);
        Assert.Equal(new[] { new long[] { 0, 1, 2, 3 }, new long[] { 4, 5, 6, 7 } }, s.Epoch(0));
    }
}
