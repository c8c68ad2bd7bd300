using CsCheck;
using LingerNet.Numerics.Kernels;
using Xunit;
using static LingerNet.Numerics.Tests.Kernels.RecurrentTestData;

namespace LingerNet.Numerics.Tests.Kernels;

public class VenusLstmCellTests
{
    [Fact]
    public void Step_HandComputed()
    {
        // I = H = 1, q_i = 4, q_iw = 7, q_hw = 4, q_o = 7; only the g gate sees x. x = 32: G = [0, 0, 2048, 0]:
        // i = f = o = sigmoid(0) = 64, g = tanh(2048) = 97.
        var p = new RecurrentParameters(4, 1, 1, [0, 0, 64, 0], [0, 0, 0, 0], null, null, 4, 7, 4, 7);
        var h = new sbyte[1];
        var c = new short[1];
        // a = 64·0 + 64·97 = 6208; c' = RSH(6208, 7) = 49; tanh input RSH(6208, 3) = 776:
        // tanh segment 2: floor(29154·776 / 2^11) + 778 = 11824 → (11824 + 128) >> 8 = 46; h = RSH(64·46, 7) = 23.
        VenusLstmCell.Step(p, [32], [0], [0], h, c);
        Assert.Equal(23, h[0]);
        Assert.Equal(49, c[0]);
        // a = 64·49 + 64·97 = 9344; c' = RSH(9344, 7) = 73; tanh input 1168: segment 3:
        // floor(25374·1168 / 2^11) + 2417 = 16887 → 66; h = RSH(64·66, 7) = 33.
        var h2 = new sbyte[1];
        var c2 = new short[1];
        VenusLstmCell.Step(p, [32], h, c, h2, c2);
        Assert.Equal(33, h2[0]);
        Assert.Equal(73, c2[0]);
    }

    [Fact]
    public void Step_TanhOfTheCellComesFromTheQ14SumNotTheStoredQ7Cell()
    {
        // a = 64·97 = 6208: RSH(a, 3) = 776 (used, tanh 46 → h = RSH(64·46, 7) = 23) whereas the stored cell
        // 49 at Q7 would give 784 at Q11 (tanh 47 → h = RSH(64·47, 7) = 24).
        Assert.Equal(46, PiecewiseSigmoidTanh.TanhQ7(776));
        Assert.Equal(47, PiecewiseSigmoidTanh.TanhQ7(784));
        var p = new RecurrentParameters(4, 1, 1, [0, 0, 64, 0], [0, 0, 0, 0], null, null, 4, 7, 4, 7);
        var h = new sbyte[1];
        VenusLstmCell.Step(p, [32], [0], [0], h, new short[1]);
        Assert.Equal(23, h[0]);
    }

    [Fact]
    public void Step_GateExponentsBelow11_ShiftLeftCorrectly()
    {
        // q_i + q_iw = 9: W_ih·x = 16·32 = 512 at Q9 = 2048 at Q11, the same as the hand case: h = 23, c = 49.
        var p = new RecurrentParameters(4, 1, 1, [0, 0, 16, 0], [0, 0, 0, 0], null, null, 4, 5, 2, 7);
        var h = new sbyte[1];
        var c = new short[1];
        VenusLstmCell.Step(p, [32], [0], [0], h, c);
        Assert.Equal(23, h[0]);
        Assert.Equal(49, c[0]);
    }

    [Fact]
    public void Step_SaturatedGatesAndCell_GiveTheRangeEnds()
    {
        int big = 1 << 30;
        // i = f = o = 127, g = 127 from huge biases; c = 32767: a = 127·32767 + 127·127 = 4177538,
        // c' = RSH(a, 7) = 32637, tanh(SAT16(RSH(a, 3))) = 127, h = SAT8(RSH(127·127, 6)) = 127 at q_o = 8.
        var p = new RecurrentParameters(4, 1, 1, [0, 0, 0, 0], [0, 0, 0, 0], [big, big, big, big], null, 11, 0, 4, 8);
        var h = new sbyte[1];
        var c = new short[1];
        VenusLstmCell.Step(p, [0], [0], [short.MaxValue], h, c);
        Assert.Equal(127, h[0]);
        Assert.Equal(32637, c[0]);
        // Negative extremes: g = −128, c = −32768: a = 127·−32768 + 127·−128 = −4177792 → c' = −32639, h = RSH(127·−128, 6) → −128.
        var pn = new RecurrentParameters(4, 1, 1, [0, 0, 0, 0], [0, 0, 0, 0], [big, big, -big, big], null, 11, 0, 4, 8);
        VenusLstmCell.Step(pn, [0], [0], [short.MinValue], h, c);
        Assert.Equal(-128, h[0]);
        Assert.Equal(-32639, c[0]);
    }

    [Fact]
    public void Run_OneRow_EqualsStepLoop()
    {
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 5], Gen.Int[0, 6], Gen.Int[0, 9], Gen.Int[0, int.MaxValue]).Sample((inputSize, hiddenSize, seqLen, qO, seed) =>
        {
            var rng = new Random(seed);
            var p = Parameters(rng, 4, inputSize, hiddenSize, qO);
            sbyte[] x = Int8(rng, seqLen * inputSize);
            short[] c0 = Enumerable.Range(0, hiddenSize).Select(_ => (short)rng.Next(-2000, 2000)).ToArray();
            var output = new sbyte[seqLen * hiddenSize];
            var hFinal = new sbyte[hiddenSize];
            var cFinal = new short[hiddenSize];
            VenusLstmCell.Run(p, x, seqLen, 1, false, false, [], [], c0, output, hFinal, cFinal);
            var h = new sbyte[hiddenSize];
            var c = c0.ToArray();
            for (int t = 0; t < seqLen; t++)
            {
                var hn = new sbyte[hiddenSize];
                var cn = new short[hiddenSize];
                VenusLstmCell.Step(p, x.AsSpan(t * inputSize, inputSize), h, c, hn, cn);
                Assert.Equal(hn, output.AsSpan(t * hiddenSize, hiddenSize).ToArray());
                h = hn;
                c = cn;
            }
            Assert.Equal(h, hFinal);
            Assert.Equal(c, cFinal);
        });
    }

    [Fact]
    public void Run_BatchLayoutsDirectionsAndLengths_FollowPackedSequenceSemantics()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[1, 6], Gen.Int[1, 3], Gen.Bool, Gen.Bool, Gen.Int[0, int.MaxValue])
           .Sample((inputSize, hiddenSize, seqLen, batch, batchFirst, reverse, seed) =>
        {
            var rng = new Random(seed);
            var p = Parameters(rng, 4, inputSize, hiddenSize, qO: rng.Next(4, 9));
            sbyte[] x = Int8(rng, seqLen * batch * inputSize);
            sbyte[] h0 = Int8(rng, batch * hiddenSize);
            short[] c0 = Enumerable.Range(0, batch * hiddenSize).Select(_ => (short)rng.Next(-3000, 3000)).ToArray();
            int[] lengths = Enumerable.Range(0, batch).Select(_ => rng.Next(0, seqLen + 1)).ToArray();
            var output = Enumerable.Repeat((sbyte)99, seqLen * batch * hiddenSize).ToArray();
            var hFinal = new sbyte[batch * hiddenSize];
            var cFinal = new short[batch * hiddenSize];
            VenusLstmCell.Run(p, x, seqLen, batch, batchFirst, reverse, lengths, h0, c0, output, hFinal, cFinal);
            AssertRowsAsIfAlone(x, output, hFinal, lengths, seqLen, batch, inputSize, hiddenSize, batchFirst, reverse, (b, rowX, len) =>
            {
                var rowOut = new sbyte[len * hiddenSize];
                var rowH = new sbyte[hiddenSize];
                var rowC = new short[hiddenSize];
                VenusLstmCell.Run(p, rowX, len, 1, false, false, [], h0.AsSpan(b * hiddenSize, hiddenSize),
                                  c0.AsSpan(b * hiddenSize, hiddenSize), rowOut, rowH, rowC);
                Assert.Equal(rowC, cFinal.AsSpan(b * hiddenSize, hiddenSize).ToArray());
                return (rowOut, rowH);
            });
        });
    }

    [Fact]
    public void Run_ChipLengths_LeaveLaterStepsUnwritten()
    {
        var rng = new Random(5);
        var p = Parameters(rng, 4, 3, 2, qO: 7);
        sbyte[] x = Int8(rng, 5 * 3);
        var output = Enumerable.Repeat((sbyte)-7, 5 * 2).ToArray();
        var hFinal = new sbyte[2];
        VenusLstmCell.Run(p, x, 5, 1, false, true, [3], [], [], output, hFinal, new short[2], PaddedStepOutput.Unwritten);
        Assert.All(output.Skip(3 * 2), v => Assert.Equal(-7, v));
        // Reverse over the first 3 steps ends at t = 0: the final state is the output at t = 0.
        Assert.Equal(output.Take(2), hFinal);
    }

    [Fact]
    public void Run_IsDeterministic()
    {
        var rng = new Random(13);
        var p = Parameters(rng, 4, 6, 5, qO: 6);
        sbyte[] x = Int8(rng, 30 * 6);
        var a = new sbyte[30 * 5];
        var b = new sbyte[30 * 5];
        VenusLstmCell.Run(p, x, 30, 1, false, false, [], [], [], a, new sbyte[5], new short[5]);
        VenusLstmCell.Run(p, x, 30, 1, false, false, [], [], [], b, new sbyte[5], new short[5]);
        Assert.Equal(a, b);
        Assert.Contains(a, v => v != 0);
    }

    [Fact]
    public void GruParametersGivenToTheLstm_AreRefused()
    {
        var p = new RecurrentParameters(3, 1, 1, new sbyte[3], new sbyte[3], null, null, 4, 7, 4, 7);
        var ex = Assert.Throws<LingerException>(() => VenusLstmCell.Step(p, [0], [0], [0], new sbyte[1], new short[1]));
        Assert.Contains("4 gates", ex.Message);
    }

    [Fact]
    public void Run_WrongCellStateLength_IsRefused()
    {
        var p = new RecurrentParameters(4, 1, 2, new sbyte[8], new sbyte[16], null, null, 4, 7, 4, 7);
        Assert.Throws<LingerException>(() =>
            VenusLstmCell.Run(p, new sbyte[1], 1, 1, false, false, [], [], [1], new sbyte[2], new sbyte[2], new short[2]));
    }
}
