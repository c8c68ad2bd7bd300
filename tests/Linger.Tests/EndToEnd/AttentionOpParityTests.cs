using CsCheck;
using LingerNet.Export;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.EndToEnd;

/// <summary>
/// LayerNormInt, BmmInt (Linger.Nn.Bmm / MatMul) and Requant over random shapes and options: the module's eval
/// output (×2^n) equals the runtime's integers on the exported node, exactly, including saturated outputs.
/// </summary>
public class AttentionOpParityTests : IDisposable
{
    private readonly RuntimeParity _parity = new("attn-parity");

    public void Dispose() => _parity.Dispose();

    /// <summary>Two quantized branches (linear layers over the last dim) into a two-input op.</summary>
    internal sealed class TwoBranches : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> left;
        public nn.Module<Tensor, Tensor> right;
        public nn.Module<Tensor, Tensor, Tensor> op;

        public TwoBranches(nn.Module<Tensor, Tensor> left, nn.Module<Tensor, Tensor> right, nn.Module<Tensor, Tensor, Tensor> op) : base("two")
        {
            this.left = left;
            this.right = right;
            this.op = op;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => op.call(left.call(x), right.call(x));
    }

    internal (Tensor Eval, RunOutput Runtime) ExportAndRun(nn.Module<Tensor, Tensor> model, long[] shape, float range, int seed,
        ExportOptions? export = null, LoadOptions? load = null, float evalGain = 1f, Action? beforeEval = null)
    {
        random.manual_seed(seed);
        var (_, y, result) = _parity.ExportAndRun(model, shape, range, export, load, evalGain, beforeEval);
        return (y, result.Outputs[0]);
    }

    /// <summary>Exports, runs, asserts eval integers == runtime integers and returns them.</summary>
    internal long[] Check(nn.Module<Tensor, Tensor> model, long[] shape, float range, int seed, ExportOptions? export = null, LoadOptions? load = null, float evalGain = 1f, Action? beforeEval = null)
    {
        using var scope = NewDisposeScope();
        var (y, result) = ExportAndRun(model, shape, range, seed, export, load, evalGain, beforeEval);
        return RuntimeParity.AssertBitExact(y, result);
    }

    private static readonly Gen<float> Ranges = Gen.OneOf(0.3f, 2f, 25f);

    [Fact]
    public void LayerNormInt_LastOneOrTwoDims_EvalEqualsRuntime()
    {
        var gen = from rows in Gen.Int[1, 4] from d in Gen.Int[2, 24] from twoDims in Gen.Bool
                  from affine in Gen.Bool from bias in Gen.Bool from gain in Gen.OneOf(0.5f, 1f, 40f)
                  from range in Ranges from seed in Gen.Int[0, 100_000]
                  select (rows, d, twoDims, affine, bias, gain, range, seed);
        gen.Sample(c =>
        {
            random.manual_seed(c.seed);
            long[] normalized = c.twoDims ? [c.rows, c.d] : [c.d];
            var ln = nn.LayerNorm(normalized, 1e-5, elementwise_affine: c.affine, bias: c.bias);
            if (c.affine)
                using (no_grad())
                {
                    ln.weight!.uniform_(-c.gain, c.gain);
                    ln.bias?.uniform_(-c.gain, c.gain);
                }
            var model = Linger.Init(new Stemmed(nn.Linear(c.d, c.d), ln));
            Check(model, [2, c.rows, c.d], c.range, c.seed);
        }, iter: 16, threads: 1);
    }

    [Fact]
    public void BmmInt_3d_EvalEqualsRuntime()
    {
        var gen = from b in Gen.Int[1, 3] from s in Gen.Int[1, 6] from d in Gen.Int[1, 8] from n in Gen.Int[1, 6]
                  from matmul in Gen.Bool from range in Ranges from seed in Gen.Int[0, 100_000]
                  select (b, s, d, n, matmul, range, seed);
        gen.Sample(c =>
        {
            random.manual_seed(c.seed);
            nn.Module<Tensor, Tensor, Tensor> op = c.matmul ? Linger.Nn.MatMul() : Linger.Nn.Bmm();
            var model = Linger.Init(new TwoBranches(nn.Linear(c.d, c.s), nn.Linear(c.d, c.n), op));
            Check(model, [c.b, c.s, c.d], c.range, c.seed);
        }, iter: 16, threads: 1);
    }

    [Fact]
    public void MatMul_2d_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 6], Gen.Int[1, 8], Gen.Int[1, 6], Ranges, Gen.Int[0, 100_000]).Sample((s, d, n, range, seed) =>
        {
            random.manual_seed(seed);
            var model = Linger.Init(new TwoBranches(nn.Linear(d, s), nn.Linear(d, n), Linger.Nn.MatMul()));
            Check(model, [s, d], range, seed);
        }, iter: 12, threads: 1);

    [Fact]
    public void LayerNormInt_LargeGain_SaturatesAndStillMatches()
    {
        random.manual_seed(3);
        var ln = nn.LayerNorm(new long[] { 16 });
        var model = Linger.Init(new Stemmed(nn.Linear(16, 16), ln));
        // Train with γ = 1, then evaluate with γ = 30: the output scale is the trained one, so int8 saturates.
        var q = Check(model, [2, 3, 16], 1f, 3, beforeEval: () => { using (no_grad()) ln.weight!.fill_(30f); });
        Assert.Contains(q, v => v is 127 or -128);
    }

    [Fact]
    public void BmmInt_InputsLargerThanTrained_SaturatesAndStillMatches()
    {
        random.manual_seed(5);
        var model = Linger.Init(new TwoBranches(nn.Linear(6, 4), nn.Linear(6, 5), Linger.Nn.Bmm()));
        var q = Check(model, [2, 4, 6], 0.5f, 5, evalGain: 8f);
        Assert.Contains(q, v => v is 127 or -128);
    }

    [Fact]
    public void LayerNormInt_TwoDimInput_RefusedForVenusRunsGeneric()
    {
        random.manual_seed(1);
        var model = Linger.Init(new Stemmed(nn.Linear(8, 8), nn.LayerNorm(new long[] { 8 })));
        var e = Assert.Throws<LingerException>(() => ExportAndRun(model, [4, 8], 1f, 1));
        Assert.Contains("op", e.Message); // the node is named after the module path
        Assert.Contains("input has 2 dims", e.Message);
        Check(model, [4, 8], 1f, 1, new ExportOptions { Target = Numerics.Dialect.ChipTarget.Generic }, new LoadOptions { Target = Numerics.Dialect.ChipTarget.Generic });
    }

    [Fact]
    public void MatMul_BroadcastOr4d_EvalRunsExportRefusedNamingModule()
    {
        random.manual_seed(2);
        var model = Linger.Init(new TwoBranches(nn.Linear(4, 3), nn.Linear(4, 5), Linger.Nn.MatMul()));
        var e = Assert.Throws<LingerException>(() => ExportAndRun(model, [1, 2, 3, 4], 1f, 2));
        Assert.Contains("module 'op' (MatMul)", e.Message);
        Assert.Contains("[B, M, K]·[B, K, N]", e.Message);
    }

    [Fact]
    public void Bmm_TwoDimOperandsOnceQuantized_Refused()
    {
        var model = Linger.Init(new TwoBranches(nn.Linear(4, 3), nn.Linear(4, 5), Linger.Nn.Bmm()));
        model.train();
        var e = Assert.Throws<LingerException>(() => model.call(randn(3, 4)));
        Assert.Contains("Linger.Nn.Bmm 'bmm'", e.Message);
        Assert.Contains("Linger.Nn.MatMul", e.Message);
    }

    [Fact]
    public void Bmm_WideOutputBits_RefusedNamingTheOp()
    {
        var bmm = Linger.Nn.Bmm();
        Linger.QuantModule(bmm, outBits: 16);
        var model = Linger.Init(new TwoBranches(nn.Linear(4, 3), nn.Linear(4, 5), bmm));
        model.train();
        var e = Assert.Throws<LingerException>(() => model.call(randn(2, 3, 4)));
        Assert.Contains("'bmm' (Bmm)", e.Message);
        Assert.Contains("output bits 16", e.Message);
    }
}
