using CsCheck;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.EndToEnd;

/// <summary>
/// For every op so far, over random shapes and options: the quantized module's eval output (×2^n)
/// equals the runtime kernel's integers on the exported node, exactly.
/// </summary>
public class PerOpRuntimeParityTests : IDisposable
{
    private readonly RuntimeParity _parity = new("parity");

    public void Dispose() => _parity.Dispose();

    /// <summary>A quantized stem conv followed by the op under test (ops other than conv/linear need a quantized input).</summary>
    private sealed class Chain : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> stem;
        public nn.Module<Tensor, Tensor>? op;
        public nn.Module<Tensor, Tensor>? other;
        public nn.Module<Tensor, Tensor, Tensor>? add;
        public nn.Module<Tensor[], Tensor>? cat;

        public Chain(nn.Module<Tensor, Tensor> stem, nn.Module<Tensor, Tensor>? op = null, nn.Module<Tensor, Tensor>? other = null,
            nn.Module<Tensor, Tensor, Tensor>? add = null, nn.Module<Tensor[], Tensor>? cat = null) : base("chain")
        {
            this.stem = stem;
            this.op = op;
            this.other = other;
            this.add = add;
            this.cat = cat;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var h = stem.call(x);
            if (add is not null) return add.call(h, other!.call(x));
            if (cat is not null) return cat.call(new[] { h, other!.call(x) });
            return op is null ? h : op.call(h);
        }
    }

    private void Check(Func<nn.Module<Tensor, Tensor>> make, long[] shape, float range, int seed) => _parity.Check(make, shape, range, seed);

    private static readonly Gen<float> Ranges = Gen.OneOf(0.3f, 2f, 25f);

    [Fact]
    public void Conv2dInt_RandomGeometry()
    {
        var gen = from groups in Gen.Int[1, 2] from cin in Gen.Int[1, 3] from cout in Gen.Int[1, 3]
                  from kh in Gen.Int[1, 5] from kw in Gen.Int[1, 5] from s in Gen.OneOf(1, 2, 4)
                  from ph in Gen.Int[0, 4] from pw in Gen.Int[0, 4] from size in Gen.Int[5, 10]
                  from bias in Gen.Bool from range in Ranges from seed in Gen.Int[0, 100_000]
                  where kh >= s && kw >= s && ph < kh && pw < kw
                  select (groups, cin * groups, cout * groups, kh, kw, s, ph, pw, size, bias, range, seed);
        gen.Sample(c => Check(() => new Chain(nn.Conv2d(c.Item2, c.Item3, (c.kh, c.kw), stride: (c.s, c.s), padding: (c.ph, c.pw), groups: c.groups, bias: c.bias)),
            new long[] { 2, c.Item2, c.size, c.size }, c.range, c.seed), iter: 12, threads: 1);
    }

    [Fact]
    public void LinearInt_RandomShapes()
        => Gen.Select(Gen.Int[1, 30], Gen.Int[1, 12], Gen.Bool, Ranges, Gen.Int[0, 100_000]).Sample((inF, outF, bias, range, seed) =>
            Check(() => new Chain(nn.Linear(inF, outF, hasBias: bias)), new long[] { 3, inF }, range, seed), iter: 12, threads: 1);

    [Fact]
    public void BatchNorm2dInt_AfterConv()
        => Gen.Select(Gen.Int[1, 5], Ranges, Gen.Int[0, 100_000]).Sample((c, range, seed) =>
            Check(() => new Chain(nn.Conv2d(2, c, 3, padding: 1), nn.BatchNorm2d(c)), new long[] { 2, 2, 6, 6 }, range, seed), iter: 10, threads: 1);

    [Fact]
    public void AvgPool2dInt_RandomWindows()
        => Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4], Gen.OneOf(1, 2, 4), Ranges, Gen.Int[0, 100_000]).Where(t => t.Item3 <= Math.Min(t.Item1, t.Item2)).Sample((kh, kw, s, range, seed) =>
            Check(() => new Chain(nn.Conv2d(1, 3, 3, padding: 1), nn.AvgPool2d(new long[] { kh, kw }, new long[] { s, s })), new long[] { 2, 1, 8, 8 }, range, seed),
            iter: 12, threads: 1);

    [Fact]
    public void MaxPoolAndRelu_RandomWindows()
        => Gen.Select(Gen.Int[1, 3], Gen.OneOf(1, 2), Gen.Int[0, 1], Ranges, Gen.Int[0, 100_000]).Where(t => t.Item2 <= t.Item1).Sample((k, s, p, range, seed) =>
        {
            if (2 * p > k) p = 0;
            Check(() => new Chain(nn.Conv2d(1, 3, 3, padding: 1), nn.Sequential(nn.ReLU(), nn.MaxPool2d(new long[] { k, k }, new long[] { s, s }, new long[] { p, p }))),
                new long[] { 2, 1, 7, 7 }, range, seed);
        }, iter: 12, threads: 1);

    [Fact]
    public void IqAdd_TwoBranches()
        => Gen.Select(Ranges, Gen.Int[0, 100_000]).Sample((range, seed) =>
            Check(() => new Chain(nn.Conv2d(2, 3, 3, padding: 1), other: nn.Conv2d(2, 3, 1), add: Linger.Nn.Add()), new long[] { 2, 2, 5, 5 }, range, seed),
            iter: 12, threads: 1);

    [Fact]
    public void IqCat_TwoBranchesAnyDim()
        => Gen.Select(Gen.Int[0, 3], Ranges, Gen.Int[0, 100_000]).Sample((dim, range, seed) =>
            Check(() => new Chain(nn.Conv2d(2, 3, 3, padding: 1), other: nn.Conv2d(2, 3, 1), cat: Linger.Nn.Cat(dim)), new long[] { 2, 2, 5, 5 }, range, seed),
            iter: 12, threads: 1);

    [Fact]
    public void Flatten_ThenLinear()
        => Gen.Select(Ranges, Gen.Int[0, 100_000]).Sample((range, seed) =>
            Check(() => new Chain(nn.Conv2d(1, 2, 3, padding: 1), nn.Sequential(nn.Flatten(), nn.Linear(2 * 5 * 5, 4))), new long[] { 2, 1, 5, 5 }, range, seed),
            iter: 8, threads: 1);
}
