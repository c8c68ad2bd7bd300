using CsCheck;
using LingerNet.Numerics.Kernels;
using Xunit;
using static LingerNet.Numerics.Tests.Kernels.RecurrentTestData;

namespace LingerNet.Numerics.Tests.Kernels;

public class VenusGruCellTests
{
    /// <summary>I = H = 1, q_i = 4, q_iw = 7 (gi at Q11), q_hw = 4, q_o = 7 (gh at Q11); only the n gate sees x.</summary>
    private static RecurrentParameters HandParameters(int qO = 7, int qHw = 4)
        => new(3, 1, 1, [0, 0, 64], [0, 0, 0], null, null, 4, 7, qHw, qO);

    [Fact]
    public void Step_HandComputed_Chip()
    {
        var p = HandParameters();
        var h1 = new sbyte[1];
        // x = 32 (2.0): gi = [0, 0, 2048], gh = 0: r = z = sigmoid(0) = 64, n = tanh(2048) = 97.
        // h' = RSH(64·RSH(0, 1) + 64·97, 7) = RSH(6208, 7) = 49 (48.5 rounds up).
        VenusGruCell.Step(p, GruFormula.Chip, [32], [0], h1);
        Assert.Equal(49, h1[0]);
        // Next step from h = 49: RSH(64·RSH(49, 1) + 64·97, 7) = RSH(64·25 + 6208, 7) = RSH(7808, 7) = 61.
        var h2 = new sbyte[1];
        VenusGruCell.Step(p, GruFormula.Chip, [32], h1, h2);
        Assert.Equal(61, h2[0]);
    }

    [Fact]
    public void Step_HandComputed_LingerDiffersAtQ7()
    {
        var p = HandParameters();
        var h2 = new sbyte[1];
        // linger from h = 49 at q_o = 7: h7 = 49, hy = 128·97 + 64·(49 − 97) = 9344, RSH(9344, 7) = 73 (chip: 61).
        VenusGruCell.Step(p, GruFormula.Linger, [32], [49], h2);
        Assert.Equal(73, h2[0]);
    }

    [Fact]
    public void Step_HandComputed_ResetGateScalesTheRecurrentCandidate()
    {
        // W_hh n-row = 64, q_o = 7, q_hw = 4: gh_n = 64·h at Q11. h = 32 → gh_n = 2048; r = 64 → RSH(64·2048, 7) = 1024;
        // x = 0: n = tanh(1024) = tanhQ7(1024), z = 64: h' = RSH(64·RSH(32, 1) + 64·n, 7).
        var p = new RecurrentParameters(3, 1, 1, [0, 0, 0], [0, 0, 64], null, null, 4, 7, 4, 7);
        var h1 = new sbyte[1];
        VenusGruCell.Step(p, GruFormula.Chip, [0], [32], h1);
        int n = PiecewiseSigmoidTanh.TanhQ7(1024);
        Assert.Equal((int)Math.Floor((64 * 16 + 64 * n) / 128.0 + 0.5), h1[0]);
    }

    [Fact]
    public void ChipAndLinger_AgreeAtQ8()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 6], Gen.Int[1, 5], Gen.Int[0, int.MaxValue]).Sample((inputSize, hiddenSize, seqLen, seed) =>
        {
            var rng = new Random(seed);
            var p = Parameters(rng, 3, inputSize, hiddenSize, qO: 8);
            sbyte[] x = Int8(rng, seqLen * inputSize);
            sbyte[] h0 = Int8(rng, hiddenSize);
            var chip = new sbyte[seqLen * hiddenSize];
            var linger = new sbyte[seqLen * hiddenSize];
            var hc = new sbyte[hiddenSize];
            var hl = new sbyte[hiddenSize];
            VenusGruCell.Run(p, GruFormula.Chip, x, seqLen, 1, false, false, [], h0, chip, hc);
            VenusGruCell.Run(p, GruFormula.Linger, x, seqLen, 1, false, false, [], h0, linger, hl);
            Assert.Equal(linger, chip);
            Assert.Equal(hl, hc);
        });
    }

    [Fact]
    public void ChipAndLinger_DifferAtQ7WhenTheStateMatters()
    {
        // Same hand parameters as above with the state non-zero: the chip halves the recurrent term.
        var p = HandParameters();
        var chip = new sbyte[1];
        var linger = new sbyte[1];
        VenusGruCell.Step(p, GruFormula.Chip, [0], [100], chip);
        VenusGruCell.Step(p, GruFormula.Linger, [0], [100], linger);
        Assert.Equal(25, chip[0]);   // RSH(64·50 + 64·0, 7) = 25
        Assert.Equal(50, linger[0]); // RSH(64·100, 7) = 50
    }

    [Fact]
    public void Step_SaturatedGates_GiveTheRangeEnds()
    {
        // z = sigmoid(−huge) = 0 and n = tanh(+huge) = 127: h' = SAT8(RSH(128·127, 14 − q_o)) = 127 at q_o = 7.
        int big = 1 << 30;
        var p = new RecurrentParameters(3, 1, 1, [127, -127, 127], [127, 127, 127], [big, -big, big], [0, 0, 0], 11, 0, 4, 7);
        var h = new sbyte[1];
        VenusGruCell.Step(p, GruFormula.Chip, [127], [-128], h);
        Assert.Equal(127, h[0]);
        // At q_o = 0 the Q14 value 16256 shifts by 14: RSH(16256, 14) = 1.
        var p0 = new RecurrentParameters(3, 1, 1, [127, -127, 127], [0, 0, 0], [big, -big, big], [0, 0, 0], 11, 0, 11, 0);
        VenusGruCell.Step(p0, GruFormula.Chip, [127], [-128], h);
        Assert.Equal(1, h[0]);
        // n = tanh(−huge) = −128, z = 0: SAT8(RSH(128·−128, 7)) = −128.
        var pn = new RecurrentParameters(3, 1, 1, [0, 0, -127], [0, 0, 0], [0, -big, -big], [0, 0, 0], 11, 0, 4, 7);
        VenusGruCell.Step(pn, GruFormula.Linger, [127], [0], h);
        Assert.Equal(-128, h[0]);
    }

    [Fact]
    public void Run_OneRow_EqualsStepLoop()
    {
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 5], Gen.Int[0, 6], Gen.Int[0, 9], Gen.Int[0, int.MaxValue]).Sample((inputSize, hiddenSize, seqLen, qO, seed) =>
        {
            var rng = new Random(seed);
            var p = Parameters(rng, 3, inputSize, hiddenSize, qO);
            sbyte[] x = Int8(rng, seqLen * inputSize);
            var output = new sbyte[seqLen * hiddenSize];
            var hFinal = new sbyte[hiddenSize];
            VenusGruCell.Run(p, GruFormula.Chip, x, seqLen, 1, true, false, [], [], output, hFinal);
            var h = new sbyte[hiddenSize];
            for (int t = 0; t < seqLen; t++)
            {
                var next = new sbyte[hiddenSize];
                VenusGruCell.Step(p, GruFormula.Chip, x.AsSpan(t * inputSize, inputSize), h, next);
                Assert.Equal(next, output.AsSpan(t * hiddenSize, hiddenSize).ToArray());
                h = next;
            }
            Assert.Equal(h, hFinal);
        });
    }

    [Fact]
    public void Run_BatchLayoutsDirectionsAndLengths_FollowPackedSequenceSemantics()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[1, 6], Gen.Int[1, 3], Gen.Bool, Gen.Bool, Gen.Int[0, int.MaxValue])
           .Sample((inputSize, hiddenSize, seqLen, batch, batchFirst, reverse, seed) =>
        {
            var rng = new Random(seed);
            var p = Parameters(rng, 3, inputSize, hiddenSize, qO: rng.Next(4, 9));
            var formula = rng.Next(2) == 0 ? GruFormula.Chip : GruFormula.Linger;
            sbyte[] x = Int8(rng, seqLen * batch * inputSize);
            sbyte[] h0 = Int8(rng, batch * hiddenSize);
            int[] lengths = Enumerable.Range(0, batch).Select(_ => rng.Next(0, seqLen + 1)).ToArray();
            var output = Enumerable.Repeat((sbyte)99, seqLen * batch * hiddenSize).ToArray();
            var hFinal = new sbyte[batch * hiddenSize];
            VenusGruCell.Run(p, formula, x, seqLen, batch, batchFirst, reverse, lengths, h0, output, hFinal);
            AssertRowsAsIfAlone(x, output, hFinal, lengths, seqLen, batch, inputSize, hiddenSize, batchFirst, reverse, (b, rowX, len) =>
            {
                var rowOut = new sbyte[len * hiddenSize];
                var rowH = new sbyte[hiddenSize];
                VenusGruCell.Run(p, formula, rowX, len, 1, false, false, [], h0.AsSpan(b * hiddenSize, hiddenSize), rowOut, rowH);
                return (rowOut, rowH);
            });
        });
    }

    [Fact]
    public void Run_PaddedStepsUnwritten_KeepTheOutputBuffer()
    {
        var rng = new Random(3);
        var p = Parameters(rng, 3, 2, 3, qO: 7);
        var output = Enumerable.Repeat((sbyte)99, 4 * 3).ToArray();
        VenusGruCell.Run(p, GruFormula.Chip, Int8(rng, 4 * 2), 4, 1, false, false, [2], [], output, new sbyte[3], PaddedStepOutput.Unwritten);
        Assert.All(output.Skip(6), v => Assert.Equal(99, v));
    }

    [Fact]
    public void Run_IsDeterministic()
    {
        var rng = new Random(11);
        var p = Parameters(rng, 3, 5, 7, qO: 7);
        sbyte[] x = Int8(rng, 20 * 2 * 5);
        var a = new sbyte[20 * 2 * 7];
        var b = new sbyte[20 * 2 * 7];
        VenusGruCell.Run(p, GruFormula.Chip, x, 20, 2, true, true, [], [], a, new sbyte[14]);
        VenusGruCell.Run(p, GruFormula.Chip, x, 20, 2, true, true, [], [], b, new sbyte[14]);
        Assert.Equal(a, b);
        Assert.Contains(a, v => v != 0);
    }

    [Fact]
    public void Chip_GateExponentBelow11_IsRefused()
    {
        var p = HandParameters(qO: 7, qHw: 3); // q_o + q_hw = 10
        var ex = Assert.Throws<LingerException>(() => VenusGruCell.Step(p, GruFormula.Chip, [0], [0], new sbyte[1]));
        Assert.Contains("q_o + q_hw = 10", ex.Message);
        Assert.Contains("at least 11", ex.Message);
        Assert.False(p.GateExponentsAtLeastQ11);
    }

    [Fact]
    public void Linger_GateExponentBelow11_ShiftsLeft()
    {
        // q_i + q_iw = 10: gi_n = 32·32 = 1024 at Q10 → 2048 at Q11, the same gate as the Q11 hand case: h' = 49.
        var p = new RecurrentParameters(3, 1, 1, [0, 0, 32], [0, 0, 0], null, null, 4, 6, 4, 7);
        var h = new sbyte[1];
        VenusGruCell.Step(p, GruFormula.Linger, [32], [0], h);
        Assert.Equal(49, h[0]);
    }

    [Fact]
    public void Lstm_ParametersGivenToTheGru_AreRefused()
    {
        var p = new RecurrentParameters(4, 1, 1, new sbyte[4], new sbyte[4], null, null, 4, 7, 4, 7);
        Assert.Throws<LingerException>(() => VenusGruCell.Step(p, GruFormula.Chip, [0], [0], new sbyte[1]));
    }

    [Fact]
    public void Run_LengthOutsideTheSequence_IsRefused()
    {
        var ex = Assert.Throws<LingerException>(() =>
            VenusGruCell.Run(HandParameters(), GruFormula.Chip, new sbyte[3], 3, 1, false, false, [4], [], new sbyte[3], new sbyte[1]));
        Assert.Contains("length 4", ex.Message);
    }

    [Fact]
    public void Parameters_OutputExponentAbove14_IsRefused()
        => Assert.Throws<LingerException>(() => new RecurrentParameters(3, 1, 1, new sbyte[3], new sbyte[3], null, null, 4, 7, 4, 15));

    [Fact]
    public void Parameters_WrongWeightSize_IsRefused()
    {
        var ex = Assert.Throws<LingerException>(() => new RecurrentParameters(3, 2, 1, new sbyte[3], new sbyte[3], null, null, 4, 7, 4, 7));
        Assert.Contains("W_ih [3, 2]", ex.Message);
    }
}
