using CsCheck;
using LingerNet.Numerics.Dialect;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.EndToEnd;

/// <summary>
/// The conv/pool family of issue 7 (Conv1d, BatchNorm1d, 1-D pools, global average pool, ConvTranspose,
/// ReLU6, Embedding): over random shapes and options, the quantized module's eval output (×2^n) equals
/// the runtime's integers on the exported node, exactly.
/// </summary>
public class ConvFamilyParityTests : IDisposable
{
    private readonly RuntimeParity _parity = new("convops");

    public void Dispose() => _parity.Dispose();

    internal static readonly Gen<float> Ranges = Gen.OneOf(0.3f, 2f, 25f);

    /// <summary>Init, a few training steps, eval, export, run; asserts the runtime's integers equal eval's.</summary>
    internal void Check(Func<nn.Module<Tensor, Tensor>> make, long[] shape, float range, int seed, ChipTarget target = ChipTarget.Venus)
        => _parity.Check(make, shape, range, seed, new LingerOptions { CheckVenusLimits = target == ChipTarget.Venus },
            new LingerNet.Export.ExportOptions { Target = target }, new LoadOptions { Target = target });

    [Fact]
    public void Conv1dInt_RandomGeometry_EvalEqualsRuntime()
    {
        var gen = from groups in Gen.Int[1, 2] from cin in Gen.Int[1, 3] from cout in Gen.Int[1, 3]
                  from k in Gen.Int[1, 5] from s in Gen.OneOf(1, 2, 4) from p in Gen.Int[0, 4] from len in Gen.Int[5, 16]
                  from bias in Gen.Bool from range in Ranges from seed in Gen.Int[0, 100_000]
                  where k >= s && p < k && !(groups > 1 && cin == 1 && cout == 1)
                  select (groups, cin: cin * groups, cout: cout * groups, k, s, p, len, bias, range, seed);
        gen.Sample(c => Check(() => new Stemmed(nn.Conv1d(c.cin, c.cout, c.k, stride: c.s, padding: c.p, groups: c.groups, bias: c.bias)),
            [2, c.cin, c.len], c.range, c.seed), iter: 12, threads: 1);
    }

    [Fact]
    public void Conv1dInt_GenericTarget_DilationAndDepthwise_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 3], Gen.Int[2, 3], Ranges, Gen.Int[0, 100_000]).Sample((d, ch, range, seed) =>
            Check(() => new Stemmed(nn.Conv1d(ch, ch, 3, dilation: d, padding: d, groups: ch)), [2, ch, 12], range, seed, ChipTarget.Generic),
            iter: 6, threads: 1);

    [Fact]
    public void BatchNorm1d_AfterConv1d_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 5], Gen.Bool, Ranges, Gen.Int[0, 100_000]).Sample((c, affine, range, seed) =>
            Check(() => new Stemmed(nn.Conv1d(2, c, 3, padding: 1), nn.BatchNorm1d(c, affine: affine)), [3, 2, 7], range, seed), iter: 8, threads: 1);

    [Fact]
    public void BatchNorm1d_AfterLinear_TwoDimensional_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 6], Ranges, Gen.Int[0, 100_000]).Sample((c, range, seed) =>
            Check(() => new Stemmed(nn.Linear(5, c), nn.BatchNorm1d(c)), [4, 5], range, seed), iter: 8, threads: 1);

    [Fact]
    public void AvgPool1d_RandomWindows_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 5], Gen.OneOf(1, 2, 4), Gen.Int[0, 2], Ranges, Gen.Int[0, 100_000]).Where(t => t.Item2 <= t.Item1 && 2 * t.Item3 <= t.Item1).Sample((k, s, p, range, seed) =>
            Check(() => new Stemmed(nn.Conv1d(1, 3, 3, padding: 1), nn.AvgPool1d(k, s, p)), [2, 1, 11], range, seed), iter: 12, threads: 1);

    [Fact]
    public void MaxPool1d_RandomWindows_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 4], Gen.OneOf(1, 2), Gen.Int[0, 1], Ranges, Gen.Int[0, 100_000]).Where(t => t.Item2 <= t.Item1 && 2 * t.Item3 <= t.Item1).Sample((k, s, p, range, seed) =>
            Check(() => new Stemmed(nn.Conv1d(1, 3, 3, padding: 1), nn.MaxPool1d(k, s, p)), [2, 1, 9], range, seed), iter: 12, threads: 1);

    [Fact]
    public void AdaptiveAvgPool2d1_GlobalMaps_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 11], Gen.Int[1, 11], Ranges, Gen.Int[0, 100_000]).Where(t => t.Item1 * t.Item2 < 128 || t.Item1 * t.Item2 is 128).Sample((h, w, range, seed) =>
            Check(() => new Stemmed(nn.Conv2d(1, 3, 3, padding: 1), nn.AdaptiveAvgPool2d(1)), [2, 1, h, w], range, seed), iter: 12, threads: 1);

    [Fact]
    public void AdaptiveAvgPool2d1_PowerOfTwoAreaAbove128_EvalEqualsRuntime()
        => Check(() => new Stemmed(nn.Conv2d(1, 3, 3, padding: 1), nn.AdaptiveAvgPool2d(1)), [2, 1, 16, 16], 2f, 5);

    [Fact]
    public void AdaptiveAvgPool2d1_NonPowerOfTwoArea144_IsRefusedNamingTheModule()
    {
        var model = Linger.Init(new Stemmed(nn.Conv2d(1, 3, 3, padding: 1), nn.AdaptiveAvgPool2d(1)));
        var e = Assert.Throws<LingerException>(() => model.call(randn(1, 1, 12, 12)));
        Assert.Contains("'op' (AdaptiveAvgPool2d(1) over a 12×12 map)", e.Message);
        Assert.Contains("area 144", e.Message);
    }

    [Fact]
    public void Relu6_GenericTarget_AnyScale_EvalEqualsRuntime()
        => Gen.Select(Gen.OneOf(0.3f, 2f, 8f, 25f), Gen.Int[0, 100_000]).Sample((range, seed) =>
            Check(() => new Stemmed(nn.Conv2d(1, 3, 3, padding: 1), nn.ReLU6()), [2, 1, 5, 5], range, seed, ChipTarget.Generic), iter: 8, threads: 1);

    [Fact]
    public void Relu6_Venus_FineScale_ExportsReluAndEqualsEval()
        => Check(() => new Stemmed(nn.Conv2d(1, 3, 3, padding: 1), nn.ReLU6()), [2, 1, 5, 5], 0.3f, 3); // |y| < 4 → q_x ≥ 5: max_q = 127

    [Fact]
    public void Relu6_Venus_CoarseScale_ExportIsRefusedWithTheAlternative()
    {
        var e = Assert.Throws<LingerException>(() => Check(() => new Stemmed(nn.Conv2d(1, 3, 3, padding: 1), nn.ReLU6()), [2, 1, 5, 5], 25f, 3));
        Assert.Contains("Clip (ReLU6) is not usable on venus", e.Message);
        Assert.Contains("use ReLU", e.Message);
        Assert.Contains("op", e.Message);
    }

    [Fact]
    public void Relu6_UpperBound_IsRoundedHalfEvenAndCappedAt127()
    {
        Assert.Equal(6, LingerNet.Modules.IqRelu6.UpperBound(0));
        Assert.Equal(96, LingerNet.Modules.IqRelu6.UpperBound(4));
        Assert.Equal(127, LingerNet.Modules.IqRelu6.UpperBound(5));
        Assert.Equal(2, LingerNet.Modules.IqRelu6.UpperBound(-2)); // 1.5 → 2
        Assert.Equal(0, LingerNet.Modules.IqRelu6.UpperBound(-4)); // 0.375 → 0
    }

    [Fact]
    public void ConvTranspose2dInt_VenusGeometry_EvalEqualsRuntime()
    {
        var gen = from cin in Gen.Int[1, 3] from cout in Gen.Int[1, 3] from s in Gen.OneOf(1, 2, 4)
                  from k in Gen.Int[1, 5] from p in Gen.Int[0, 4] from op in Gen.Int[0, 3] from size in Gen.Int[2, 6]
                  from bias in Gen.Bool from range in Ranges from seed in Gen.Int[0, 100_000]
                  where (s != 2 || k >= 2) && (s != 4 || k >= 4) && p <= k - 1 && op < s
                  where (size - 1) * s - 2 * p + k + op > 0 // a non-empty output
                  select (cin, cout, s, k, p, op, size, bias, range, seed);
        gen.Sample(c => Check(() => new Stemmed(nn.ConvTranspose2d(c.cin, c.cout, c.k, stride: c.s, padding: c.p, output_padding: c.op, bias: c.bias)),
            [2, c.cin, c.size, c.size], c.range, c.seed), iter: 12, threads: 1);
    }

    [Fact]
    public void ConvTranspose2dInt_GenericTarget_GroupsDilationRectangular_EvalEqualsRuntime()
    {
        var gen = from groups in Gen.Int[1, 3] from cin in Gen.Int[1, 2] from cout in Gen.Int[1, 2]
                  from kh in Gen.Int[1, 4] from kw in Gen.Int[1, 4] from sh in Gen.Int[1, 3] from sw in Gen.Int[1, 3]
                  from d in Gen.Int[1, 2] from range in Ranges from seed in Gen.Int[0, 100_000]
                  select (groups, cin: cin * groups, cout: cout * groups, kh, kw, sh, sw, d, range, seed);
        gen.Sample(c => Check(() => new Stemmed(nn.ConvTranspose2d(c.cin, c.cout, (c.kh, c.kw), stride: (c.sh, c.sw), padding: (0, 1 % c.kw),
                output_padding: (c.sh - 1, 0), dilation: (c.d, 1), groups: c.groups)),
            [2, c.cin, 4, 5], c.range, c.seed, ChipTarget.Generic), iter: 12, threads: 1);
    }

    /// <summary>Init, training steps on random indices, eval, export with an int64 sample, run with int64 indices.</summary>
    private void CheckEmbedding(Func<nn.Module<Tensor, Tensor>> make, long rows, long[] shape, int seed)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        var model = Linger.Init(make());
        model.train();
        for (int i = 0; i < 3; i++) model.call(randint(0, rows, shape, dtype: ScalarType.Int64));
        model.eval();
        var idx = randint(0, rows, shape, dtype: ScalarType.Int64);
        var y = model.call(idx);
        string path = _parity.NextPath("emb");
        Linger.Export(model, idx, path);
        using var rt = LingerRuntime.Load(path);
        Assert.Equal(TensorElementType.Int64, rt.Inputs[0].ElementType);
        var feed = new RuntimeTensor(rt.Inputs[0].Name, shape.Select(d => (int)d).ToArray(), idx.data<long>().ToArray());
        RuntimeParity.AssertBitExact(y, rt.Run(feed).Outputs[0]);
    }

    [Fact]
    public void EmbeddingInt_RandomTables_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 20], Gen.Int[1, 8], Gen.Int[1, 4], Gen.Int[0, 100_000]).Sample((rows, dim, len, seed) =>
            CheckEmbedding(() => new Stemmed(nn.Embedding(rows, dim)), rows, [2, len], seed), iter: 10, threads: 1);

    [Fact]
    public void EmbeddingInt_ThenLinear_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[2, 20], Gen.Int[1, 8], Gen.Int[0, 100_000]).Sample((rows, dim, seed) =>
            CheckEmbedding(() => new Stemmed(nn.Embedding(rows, dim), nn.Linear(dim, 3)), rows, [3, 5], seed), iter: 8, threads: 1);

    [Fact]
    public void EmbeddingInt_OutputIsTheTableRowsAtTheTableScale()
    {
        var e = nn.Embedding(4, 2);
        using (no_grad()) e.weight!.copy_(tensor(new float[] { 0.5f, -1f, 0.25f, 0.75f, 1.5f, 0f, -0.125f, 1f }).view(4, 2));
        var q = Assert.IsType<LingerNet.Modules.EmbeddingInt>(Linger.Init(new Stemmed(e)).stem);
        q.eval();
        var y = q.call(tensor(new long[] { 2, 0 }));
        Assert.Equal(new LingerNet.Numerics.Pow2Scale(6), QuantTags.Get(y)!.Scale); // 127 / 1.5 → 2^6
        Assert.Equal(new[] { 1.5f, 0f, 0.5f, -1f }, TensorData.Floats(y));
    }

    [Fact]
    public void ConvTranspose1dInt_VenusAndGenericGeometry_EvalEqualsRuntime()
    {
        var gen = from cin in Gen.Int[1, 3] from cout in Gen.Int[1, 3] from s in Gen.OneOf(1, 2, 4) from k in Gen.Int[1, 5]
                  from p in Gen.Int[0, 4] from op in Gen.Int[0, 3] from len in Gen.Int[2, 8] from bias in Gen.Bool
                  from generic in Gen.Bool from range in Ranges from seed in Gen.Int[0, 100_000]
                  where (s != 2 || k >= 2) && (s != 4 || k >= 4) && p <= k - 1 && op < s
                  where (len - 1) * s - 2 * p + k + op > 0 // a non-empty output
                  select (cin, cout, s, k, p, op, len, bias, generic, range, seed);
        gen.Sample(c => Check(() => new Stemmed(nn.ConvTranspose1d(c.cin, c.cout, c.k, stride: c.s, padding: c.p, output_padding: c.op, bias: c.bias)),
            [2, c.cin, c.len], c.range, c.seed, c.generic ? ChipTarget.Generic : ChipTarget.Venus), iter: 12, threads: 1);
    }

    [Fact]
    public void ConvTranspose1dInt_AfterConv1d_EvalEqualsRuntime()
        => Gen.Select(Ranges, Gen.Int[0, 100_000]).Sample((range, seed) =>
            Check(() => new Stemmed(nn.Conv1d(2, 3, 3, padding: 1), nn.ConvTranspose1d(3, 2, 4, stride: 2, padding: 1)), [2, 2, 6], range, seed), iter: 6, threads: 1);

    [Fact]
    public void AvgPool1d_Kernel7NotGlobalForVenus_ExportIsRefusedNamingTheNode()
    {
        // Unpadded, Init cannot tell a kernel-7 window from a global pool over L = 7; the export (which knows L) refuses it.
        var e = Assert.Throws<LingerException>(() => Check(() => new Stemmed(nn.Conv1d(1, 2, 3, padding: 1), nn.AvgPool1d(7)), [2, 1, 14], 2f, 1));
        Assert.Contains("op.pool", e.Message);
        Assert.Contains("kernel 7 is outside 1..5", e.Message);
    }

    [Fact]
    public void AvgPool1d_GlobalWindowLargerThan5ForVenus_EvalEqualsRuntime()
        => Check(() => new Stemmed(nn.Conv1d(1, 2, 3, padding: 1), nn.AvgPool1d(12)), [2, 1, 12], 2f, 1);
}

