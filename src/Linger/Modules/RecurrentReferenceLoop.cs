using LingerNet.Numerics;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// The training-mode time loop written as plain tensor ops under autograd, for any device and dtype: per step one
/// hidden-state matmul, the gates, the new state and its fake quantization (straight-through), about twenty ops and
/// as many autograd nodes per step. It is the specification the fast loops (<see cref="GruTimeLoop"/>,
/// <see cref="LstmTimeLoop"/>) are tested against, and the path for inputs they do not take (not CPU float32, T = 0).
/// </summary>
internal static class RecurrentReferenceLoop
{
    private const int Bits = 8;

    /// <summary>
    /// Runs the loop over <paramref name="gi"/> ([T, B, G·H], the input projections of all steps with their bias) from
    /// <paramref name="h0"/> (and, for an LSTM, <paramref name="c0"/>), both [B, H] and already on their grids.
    /// </summary>
    public static RecurrentLoopResult Run(Tensor gi, Tensor wHh, Tensor? bHh, Tensor h0, Tensor? c0, RecurrentLoopOptions o)
    {
        int t = (int)gi.shape[0], b = (int)gi.shape[1], hsz = (int)wHh.shape[1];
        int gates = (int)(gi.shape[2] / hsz);
        var mask = o.Lengths is null ? null : StepMask(o.Lengths, t, b);
        var h = h0;
        var c = c0;
        var steps = new List<Tensor>(t);
        var raw = new List<Tensor>(t);
        for (int k = 0; k < t; k++)
        {
            var gh = nn.functional.linear(h, wHh, bHh);
            Tensor hNew;
            if (gates == 3)
            {
                var gic = gi[k].chunk(3, -1);
                var ghc = gh.chunk(3, -1);
                var r = (gic[0] + ghc[0]).sigmoid();
                var z = (gic[1] + ghc[1]).sigmoid();
                var n = (gic[2] + r * ghc[2]).tanh();
                // Linger: h' = n + z·(h − n). Chip: the recurrent term is z·h·2^(q_o − 8) (z·RSH(h, 1) with h at q_o).
                hNew = o.Formula == GruFormula.Chip ? z * h * o.ChipRecurrentFactor + (1 - z) * n : n + z * (h - n);
            }
            else
            {
                var g = (gi[k] + gh).chunk(4, -1);
                var cNew = Fq(g[1].sigmoid() * c! + g[0].sigmoid() * g[2].tanh(), 128.0, short.MinValue, short.MaxValue, o);
                hNew = g[3].sigmoid() * cNew.tanh();
                c = mask is null ? cNew : c! + (cNew - c!) * mask[k];
            }
            if (o.ClampOutput is double co) hNew = hNew.clamp(-co, co);
            raw.Add(hNew);
            var hq = Fq(hNew, o.OutputScale, QuantRange.Min(Bits), QuantRange.Max(Bits), o);
            if (mask is null)
            {
                h = hq;
                steps.Add(hq);
            }
            else
            {
                h = h + (hq - h) * mask[k];
                steps.Add(hq * mask[k]);
            }
        }
        double rawMax = 0;
        if (o.ObserveRawMax && t > 0)
            using (no_grad()) rawMax = ActivationQuantizer.MaxAbs(stack(raw));
        var y = t == 0 ? zeros(0, b, hsz, dtype: gi.dtype, device: gi.device) : stack(steps);
        return new RecurrentLoopResult(y, h, gates == 4 ? c : null, rawMax);
    }

    /// <summary>Fake quantization in the QAT loop; the identity in the constraint stage's float loop.</summary>
    private static Tensor Fq(Tensor x, double scale, long lo, long hi, RecurrentLoopOptions o) => o.Quantized ? FakeQuantize.Apply(x, scale, lo, hi) : x;

    /// <summary>[T, B, 1] with 1 where step t &lt; lengths[b].</summary>
    private static Tensor StepMask(int[] lens, int t, int b)
    {
        var m = new float[t * b];
        for (int k = 0; k < t; k++)
            for (int i = 0; i < b; i++)
                m[k * b + i] = k < lens[i] ? 1f : 0f;
        return torch.tensor(m).reshape(t, b, 1);
    }
}
