using CsCheck;
using LingerNet.Numerics.Dialect;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.IqOps;

/// <summary>Data-movement ops on quantized tensors: eval integers equal the runtime's, the scale is kept.</summary>
public class ShapeOpParityTests
{
    private static readonly Gen<float> Ranges = Gen.OneOf(0.3f, 2f, 25f);

    private static void Check(Func<nn.Module<Tensor, Tensor>> op, int seed, float range, ChipTarget target = ChipTarget.Venus, long[]? shape = null)
    {
        using var scope = NewDisposeScope();
        IqParity.Check(IqArithmeticParityTests.OneBranch(op()), shape ?? [1, 2, 4, 6], range, seed, target);
    }

    [Fact]
    public void ReshapeViewSqueezeUnsqueeze()
        => Gen.Select(Gen.Int[0, 100_000], Ranges).Sample((seed, range) =>
        {
            Check(() => Linger.Nn.Reshape([1, -1, 6]), seed, range);
            Check(() => Linger.Nn.View([4, 24]), seed, range);
            Check(() => Linger.Nn.Squeeze(0), seed, range);
            Check(() => Linger.Nn.Unsqueeze(2), seed, range);
        }, iter: 3, threads: 1);

    [Fact]
    public void PermuteTranspose_RandomPerms()
        => Gen.Select(Gen.Int[0, 100_000], Ranges, Gen.Int[0, 3], Gen.Int[0, 3]).Sample((seed, range, a, b) =>
        {
            Check(() => Linger.Nn.Transpose(a, b), seed, range);
            Check(() => Linger.Nn.Permute([0, 3, 1, 2]), seed, range);
        }, iter: 4, threads: 1);

    /// <summary>The shape the op under test sees: the stem conv of <see cref="IqArithmeticParityTests.OneBranch"/> maps the
    /// harness input [1, 2, 5, 6] to 4 channels.</summary>
    private static readonly long[] SlicedShape = [1, 4, 5, 6];

    [Fact]
    public void SliceNarrowSelect_RandomRanges()
        => Gen.Select(Gen.Int[0, 100_000], Ranges, Gen.Int[-4, 2], Gen.Int[3, 6], Gen.Int[1, 3], Gen.Int[1, 3])
            // Non-empty slices (empty ones: Slice_EmptyRange_RuntimeAgrees), judged on the shape the slice sees, not
            // the harness input's.
            .Where(t => (t.Item3 < 0 ? t.Item3 + SlicedShape[t.Item6] : t.Item3) < Math.Min(t.Item4, SlicedShape[t.Item6]))
            .Sample((seed, range, start, end, step, dim) =>
        {
            Check(() => Linger.Nn.Slice(dim, start, end, step), seed, range, shape: [1, 2, 5, 6]);
            Check(() => Linger.Nn.Narrow(3, 1, 3), seed, range);
            Check(() => Linger.Nn.Select(dim, -1), seed, range);
        }, iter: 6, threads: 1);

    [Theory]
    [InlineData(1, -1, 3)] // channels: -1 is index 3, the end is 3
    [InlineData(3, 4, 2)]  // width: start after end
    public void Slice_EmptyRange_RuntimeAgreesOnGenericAndVenusRefuses(int dim, int start, int end)
    {
        using var scope = NewDisposeScope();
        var ys = IqParity.Check(IqArithmeticParityTests.OneBranch(Linger.Nn.Slice(dim, start, end)), [1, 2, 5, 6], 2f, seed: 7, ChipTarget.Generic);
        Assert.Equal(0, ys[0].numel());
        Assert.Equal(0, ys[0].shape[dim]);
        var e = Assert.Throws<LingerException>(() =>
            IqParity.Check(IqArithmeticParityTests.OneBranch(Linger.Nn.Slice(dim, start, end)), [1, 2, 5, 6], 2f, seed: 7));
        Assert.Contains("is empty", e.Message);
        Assert.Contains("slice or split bounds", e.Message);
    }

    [Fact]
    public void ShuffleChannel_Groups()
        => Gen.Select(Gen.Int[0, 100_000], Ranges, Gen.OneOf(1L, 2L, 4L)).Sample((seed, range, g) =>
            Check(() => Linger.Nn.ShuffleChannel(g), seed, range, shape: [1, 2, 3, 3]), iter: 4, threads: 1);

    [Fact]
    public void Pad_Constant_Venus_ReflectEdge_Generic()
        => Gen.Select(Gen.Int[0, 100_000], Ranges, Gen.Int[0, 2], Gen.Int[0, 2], Gen.OneOf(0.0, 0.7, -3.0)).Sample((seed, range, l, r, value) =>
        {
            Check(() => Linger.Nn.Pad([l, r, r, l], "constant", value), seed, range);
            Check(() => Linger.Nn.Pad([l, r, r, l], "reflect"), seed, range, ChipTarget.Generic);
            Check(() => Linger.Nn.Pad([l, r, r, l], "replicate"), seed, range, ChipTarget.Generic);
        }, iter: 5, threads: 1);

    [Fact]
    public void SplitChunk_SeveralOutputs()
        => Gen.Select(Gen.Int[0, 100_000], Ranges, Gen.Int[1, 4], Gen.Int[1, 3]).Sample((seed, range, chunks, dim) =>
        {
            using var scope = NewDisposeScope();
            var model = new IqHarness((h, x) => ((nn.Module<Tensor, Tensor[]>)h.Part("split")).call(h.M("a").call(x)),
                ("a", nn.Conv2d(2, 4, 3, padding: 1)), ("split", Linger.Nn.Chunk(chunks, dim)));
            var ys = IqParity.Check(model, [1, 2, 4, 6], range, seed);
            Assert.Equal(zeros(1, 4, 4, 6).chunk(chunks, dim).Length, ys.Length);
            var sizes = new IqHarness((h, x) => ((nn.Module<Tensor, Tensor[]>)h.Part("split")).call(h.M("a").call(x)),
                ("a", nn.Conv2d(2, 4, 3, padding: 1)), ("split", Linger.Nn.Split([1, 3], 1)));
            Assert.Equal(2, IqParity.Check(sizes, [1, 2, 4, 6], range, seed).Length);
        }, iter: 4, threads: 1);
}
