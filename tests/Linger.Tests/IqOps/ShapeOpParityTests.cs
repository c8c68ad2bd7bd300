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

    [Fact]
    public void SliceNarrowSelect_RandomRanges()
        // Starts ≥ 0: with a negative start, reading the eval output back (TorchSharp's data accessor) fails in this
        // harness ("startingIndex" out of range) — under investigation, see the session note of issue 12.
        => Gen.Select(Gen.Int[0, 100_000], Ranges, Gen.Int[0, 2], Gen.Int[3, 6], Gen.Int[1, 3], Gen.Int[1, 3])
            // Non-empty slices of [1, 2, 5, 6] (an empty tensor has no integers to compare).
            .Where(t => (t.Item3 < 0 ? t.Item3 + new[] { 1, 2, 5, 6 }[t.Item6] : t.Item3) < Math.Min(t.Item4, new[] { 1, 2, 5, 6 }[t.Item6]))
            .Sample((seed, range, start, end, step, dim) =>
        {
            Check(() => Linger.Nn.Slice(dim, start, end, step), seed, range, shape: [1, 2, 5, 6]);
            Check(() => Linger.Nn.Narrow(3, 1, 3), seed, range);
            Check(() => Linger.Nn.Select(dim, -1), seed, range);
        }, iter: 6, threads: 1);

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
