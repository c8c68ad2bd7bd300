using CsCheck;
using LingerNet.Modules;
using LingerNet.Tests.Support;
using LingerNet.Numerics.Kernels;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Recurrent;

/// <summary>
/// The fast training loops (<see cref="GruTimeLoop"/>, <see cref="LstmTimeLoop"/>) against the reference loop of plain
/// autograd ops (the formulation the QAT modules used before): forward values bit-identical (output, h_n, c_n and the
/// raw maximum for the statistics), gradients equal up to float32 summation order, over random sizes (odd ones reach
/// libtorch's scalar tails), QAT and the constraint stage's float loop, clamps, lengths and both GRU formulas.
/// </summary>
public class RecurrentLoopTests
{
    private sealed record Case(bool Lstm, int T, int B, int H, bool Quantized, int Exponent, double? Clamp, bool WithLengths, GruFormula Formula, int Seed,
                               bool Bias = true);

    /// <summary>A case drawn from a seed: sizes, QAT or float loop, q_o, clamp, lengths, formula.</summary>
    private static readonly Gen<Case> Cases = Gen.Int[0, 1_000_000].Select(seed =>
    {
        var r = new Random(seed);
        return new Case(r.Next(2) == 1, r.Next(1, 10), r.Next(1, 6), r.Next(1, 41), r.Next(2) == 1, r.Next(3, 10),
                        r.Next(2) == 1 ? 0.05 + r.NextDouble() : null, r.Next(2) == 1, r.Next(2) == 1 ? GruFormula.Chip : GruFormula.Linger, seed,
                        Bias: r.Next(4) != 0);
    });

    [Fact]
    public void FastLoop_RandomCases_SameForwardValuesAndGradientsAsReference()
        => Cases.Sample(Check, iter: 150);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FastLoop_BenchmarkShape_SameForwardValuesAndGradientsAsReference(bool lstm)
    {
        Check(new Case(lstm, 50, 32, 64, true, 7, null, false, GruFormula.Linger, 1));
        Check(new Case(lstm, 50, 32, 64, false, 0, 0.5, false, GruFormula.Linger, 2));
    }

    private static void Check(Case c)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(c.Seed);
        int gates = c.Lstm ? 4 : 3;
        var rng = new Random(c.Seed);
        int[]? lengths = c.WithLengths ? Enumerable.Range(0, c.B).Select(_ => rng.Next(0, c.T + 1)).ToArray() : null;
        var o = new RecurrentLoopOptions(c.Quantized, c.Exponent, c.Clamp, lengths, c.Formula, ObserveRawMax: true);
        double grid = c.Quantized ? Math.ScaleB(1.0, c.Exponent) : 0;
        var gi = randn(c.T, c.B, gates * c.H) * 2f;
        var wHh = randn(gates * c.H, c.H) * 0.4f;
        var bHh = c.Bias ? randn(gates * c.H) * 0.5f : null;
        var h0 = OnGrid(randn(c.B, c.H) * 0.4f, grid, 127);
        var c0 = OnGrid(randn(c.B, c.H) * 0.8f, c.Quantized ? 128 : 0, short.MaxValue);
        var upstream = new[] { randn(c.T, c.B, c.H), randn(c.B, c.H), randn(c.B, c.H) };

        var (refOut, refGrads) = Run((g, w, bias, h, cell) => RecurrentReferenceLoop.Run(g, w, bias, h, c.Lstm ? cell : null, o), gi, wHh, bHh, h0, c0, upstream);
        var (fastOut, fastGrads) = Run((g, w, bias, h, cell) => c.Lstm ? LstmTimeLoop.Run(g, w, bias, h, cell, o) : GruTimeLoop.Run(g, w, bias, h, o),
                                       gi, wHh, bHh, h0, c0, upstream);

        Assert.True(TensorData.SameBits(refOut.Output, fastOut.Output), $"output differs: {c}");
        Assert.True(TensorData.SameBits(refOut.HN, fastOut.HN), $"h_n differs: {c}");
        if (c.Lstm) Assert.True(TensorData.SameBits(refOut.CN!, fastOut.CN!), $"c_n differs: {c}");
        Assert.Equal(refOut.RawMaxAbs, fastOut.RawMaxAbs);
        string[] names = ["gi", "w_hh", "b_hh", "h0", "c0"];
        for (int i = 0; i < (c.Lstm ? 5 : 4); i++)
        {
            if (i == 2 && !c.Bias) continue;
            var (expected, actual) = (refGrads[i]!, fastGrads[i]!);
            double scale = Math.Max(1.0, expected.abs().max().item<float>());
            double err = (expected - actual).abs().max().item<float>();
            Assert.True(err <= 1e-4 * scale, $"gradient of {names[i]} differs by {err} (scale {scale}): {c}");
        }
    }

    /// <summary>Values on the grid of <paramref name="scale"/> (a state as the modules pass it), unchanged when the scale is 0.</summary>
    private static Tensor OnGrid(Tensor x, double scale, double bound)
        => scale == 0 ? x : x.mul(scale).round().clamp(-bound - 1, bound).div(scale);

    /// <summary>Runs a loop on fresh leaf copies of the inputs and back-propagates the upstream gradients into them.</summary>
    private static (RecurrentLoopResult Out, Tensor?[] Grads) Run(Func<Tensor, Tensor, Tensor?, Tensor, Tensor, RecurrentLoopResult> loop,
                                                                 Tensor gi, Tensor wHh, Tensor? bHh, Tensor h0, Tensor c0, Tensor[] upstream)
    {
        var leaves = new[] { gi, wHh, bHh, h0, c0 }.Select(t => t?.detach().clone().requires_grad_(true)).ToArray();
        var r = loop(leaves[0]!, leaves[1]!, leaves[2], leaves[3]!, leaves[4]!);
        var loss = (r.Output * upstream[0]).sum() + (r.HN * upstream[1]).sum();
        if (r.CN is not null) loss += (r.CN * upstream[2]).sum();
        loss.backward();
        return (r, leaves.Select(l => l is null ? null : l.grad is null ? zeros_like(l) : l.grad.clone()).ToArray());
    }
}
