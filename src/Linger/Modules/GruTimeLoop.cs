using System.Numerics;
using System.Runtime.CompilerServices;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// The GRU's training-mode time loop as one autograd node, for CPU float32 (what <see cref="RecurrentReferenceLoop"/>
/// computes, in a fraction of the ops). Why: per step the reference loop issues about twenty tensor ops, each a
/// P/Invoke plus an autograd node, which made a QAT step 2–3× a float <c>nn.GRU</c> step. Here libtorch still computes
/// what decides the values (the hidden-state matmul, sigmoid, tanh) on tensors laid out as the reference loop's (a
/// vectorised libtorch kernel can differ from its scalar tail in the last bit, so the layout must not change),
/// and the exact element-wise float32 arithmetic (sums, products, the state update, clamp, fake quantization, length
/// masks) runs in C# loops over the tensors' memory, in the reference's operation order, so the forward values are
/// bit-identical. The backward is written by hand: per step one matmul for the recurrent gradient, then one matmul for
/// the weight gradient over all steps. Gradients pass straight through the fake quantization, as in
/// <see cref="FakeQuantize"/>, and the clamp passes them where its input lies within the bound.
/// </summary>
internal sealed class GruTimeLoop : autograd.MultiTensorFunction<GruTimeLoop>
{
    private const int Bits = 8;

    /// <inheritdoc />
    public override string Name => nameof(GruTimeLoop);

    /// <summary>
    /// Runs the loop over <paramref name="gi"/> ([T, B, 3H], the input projections of all steps with their bias) from
    /// <paramref name="h0"/> ([B, H], on its grid). T must be positive; every tensor CPU float32.
    /// </summary>
    public static RecurrentLoopResult Run(Tensor gi, Tensor wHh, Tensor? bHh, Tensor h0, RecurrentLoopOptions o)
    {
        var rawMax = new StrongBox<double>();
        var outs = apply(gi, wHh, bHh, h0, o, rawMax);
        return new RecurrentLoopResult(outs[0], outs[1], null, rawMax.Value);
    }

    /// <inheritdoc />
    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var gi = ((Tensor)vars[0]).contiguous();
        var wHh = (Tensor)vars[1];
        var bHh = vars[2] as Tensor;
        var h0 = ((Tensor)vars[3]).contiguous();
        var o = (RecurrentLoopOptions)vars[4];
        int t = (int)gi.shape[0], b = (int)gi.shape[1], h = (int)wHh.shape[1], bh = b * h;
        var update = new RecurrentStateUpdate(o, Bits);
        // Kept per step for the backward: the gates r, z, the candidate n, gh_n (for dr), the clamp's input; h_0..h_T.
        var r = empty(t, b, h);
        var z = empty(t, b, h);
        var n = empty(t, b, h);
        var ghn = empty(t, b, h);
        var y = empty(t, b, h);
        var preClamp = update.Clamps ? empty(t, b, h) : null;
        var hs = empty(t + 1, b, h);
        // What libtorch computes on reads fresh contiguous [B, H] tensors as in the reference loop, allocated once and
        // refilled every step: h_k for the matmul, r, z for the sigmoid and n for the tanh (in place).
        Tensor hStep = empty(b, h), rStep = empty(b, h), zStep = empty(b, h), nStep = empty(b, h);
        Span<float> giS = HostFloats.Of(gi), rS = HostFloats.Of(r), zS = HostFloats.Of(z), nS = HostFloats.Of(n), ghnS = HostFloats.Of(ghn),
                    yS = HostFloats.Of(y), preS = preClamp is null ? default : HostFloats.Of(preClamp), hsS = HostFloats.Of(hs),
                    hStepS = HostFloats.Of(hStep), rStepS = HostFloats.Of(rStep), zStepS = HostFloats.Of(zStep), nStepS = HostFloats.Of(nStep);
        HostFloats.Of(h0).CopyTo(hsS);
        var scratch = new float[bh];
        for (int k = 0; k < t; k++)
        {
            var giK = giS.Slice(k * bh * 3, bh * 3);
            var at = k * bh;
            hsS.Slice(at, bh).CopyTo(hStepS);
            using (var gh = nn.functional.linear(hStep, wHh, bHh))
                Preactivations(b, h, giK, HostFloats.Of(gh), rStepS, zStepS, ghnS.Slice(at, bh));
            rStep.sigmoid_();
            zStep.sigmoid_();
            rStepS.CopyTo(rS.Slice(at, bh));
            zStepS.CopyTo(zS.Slice(at, bh));
            Candidate(b, h, giK, rStepS, ghnS.Slice(at, bh), nStepS);
            nStep.tanh_();
            nStepS.CopyTo(nS.Slice(at, bh));
            NewState(b, h, k, o, update, zStepS, nStepS, hsS.Slice(at, bh), hsS.Slice(at + bh, bh), preS.IsEmpty ? preS : preS.Slice(at, bh), yS.Slice(at, bh), scratch);
        }
        ((StrongBox<double>)vars[5]).Value = o.ObserveRawMax ? update.RawMaxAbs : 0;
        ctx.save_for_backward([r, z, n, ghn, hs, preClamp!, wHh]);
        ctx.save_data("options", o);
        ctx.save_data("bias", bHh is not null);
        return [y, hs[t].clone()];
    }

    /// <summary>r, z before the sigmoid: gi + gh (the reference's gic[g] + ghc[g]), and gh_n kept for the backward.</summary>
    private static void Preactivations(int b, int h, ReadOnlySpan<float> giK, ReadOnlySpan<float> gh, Span<float> r, Span<float> z, Span<float> ghn)
    {
        for (int i = 0; i < b; i++)
        {
            var giRow = giK.Slice(i * 3 * h, 3 * h);
            var ghRow = gh.Slice(i * 3 * h, 3 * h);
            FloatLoops.Add(giRow[..h], ghRow[..h], r.Slice(i * h, h));
            FloatLoops.Add(giRow.Slice(h, h), ghRow.Slice(h, h), z.Slice(i * h, h));
            ghRow.Slice(2 * h, h).CopyTo(ghn.Slice(i * h, h));
        }
    }

    /// <summary>n before the tanh: gi_n + r·gh_n.</summary>
    private static void Candidate(int b, int h, ReadOnlySpan<float> giK, ReadOnlySpan<float> r, ReadOnlySpan<float> ghn, Span<float> n)
    {
        for (int i = 0; i < b; i++)
            FloatLoops.AddProduct(giK.Slice(i * 3 * h + 2 * h, h), r.Slice(i * h, h), ghn.Slice(i * h, h), n.Slice(i * h, h));
    }

    /// <summary>
    /// h' from z, n and h_k (Linger: n + z·(h − n); chip: z·h·2^(q_o − 8) + (1 − z)·n) into <paramref name="scratch"/>,
    /// then per row the clamp, statistics and fake quantization to h_q, h_(k+1) and y_k (<see cref="RecurrentStateUpdate.Apply"/>).
    /// </summary>
    private static void NewState(int b, int h, int k, RecurrentLoopOptions o, RecurrentStateUpdate update, ReadOnlySpan<float> z, ReadOnlySpan<float> n,
                                 ReadOnlySpan<float> hPrev, Span<float> hNext, Span<float> preClamp, Span<float> y, Span<float> scratch)
    {
        if (o.Formula == GruFormula.Chip) FloatLoops.ChipInterpolate(n, z, hPrev, (float)o.ChipRecurrentFactor, scratch);
        else FloatLoops.Interpolate(n, z, hPrev, scratch);
        for (int i = 0; i < b; i++)
        {
            var row = new Range(i * h, (i + 1) * h);
            update.Apply(scratch[row], hPrev[row], StepMask(o, k, i), o.Lengths is not null, preClamp.IsEmpty ? preClamp : preClamp[row], hNext[row], y[row]);
        }
    }

    /// <summary>1 where step k is within row i's length (always without lengths), 0 past it.</summary>
    internal static float StepMask(RecurrentLoopOptions o, int k, int i) => o.Lengths is null || k < o.Lengths[i] ? 1f : 0f;

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grads)
    {
        var saved = ctx.get_saved_variables();
        Tensor r = saved[0], z = saved[1], n = saved[2], ghn = saved[3], hs = saved[4], wHh = saved[6];
        Tensor? preClamp = saved[5];
        var o = (RecurrentLoopOptions)ctx.get_data("options");
        int t = (int)r.shape[0], b = (int)r.shape[1], hsz = (int)r.shape[2], bh = b * hsz;
        var dY = grads[0].contiguous();
        float[] dh = HostFloats.Of(grads[1].contiguous()).ToArray();
        var dhDirect = new float[bh];
        var dGi = empty(t, b, 3 * hsz);
        var dGh = empty(t, b, 3 * hsz);
        var dGhStep = empty(b, 3 * hsz); // step k's dgh as the matmul's operand, refilled every step
        var clamp = new RecurrentStateUpdate(o, Bits);
        Span<float> dYS = HostFloats.Of(dY), rS = HostFloats.Of(r), zS = HostFloats.Of(z), nS = HostFloats.Of(n), ghnS = HostFloats.Of(ghn),
                    preS = preClamp is null ? default : HostFloats.Of(preClamp), hsS = HostFloats.Of(hs), dGiS = HostFloats.Of(dGi),
                    dGhS = HostFloats.Of(dGh), dGhStepS = HostFloats.Of(dGhStep);
        for (int k = t - 1; k >= 0; k--)
        {
            int at = k * bh;
            StepBackward(b, hsz, k, o, clamp, dh, dYS.Slice(at, bh), rS.Slice(at, bh), zS.Slice(at, bh), nS.Slice(at, bh), ghnS.Slice(at, bh),
                         hsS.Slice(at, bh), preS.IsEmpty ? preS : preS.Slice(at, bh), dGiS.Slice(3 * at, 3 * bh), dGhStepS, dhDirect);
            dGhStepS.CopyTo(dGhS.Slice(3 * at, 3 * bh));
            // dh_k = the direct terms + dgh_k · W_hh.
            using var recurrent = dGhStep.mm(wHh);
            FloatLoops.Add(dhDirect, HostFloats.Of(recurrent), dh);
        }
        var dGhRows = dGh.view(t * b, 3 * hsz);
        var dW = dGhRows.t().mm(hs.narrow(0, 0, t).view(t * b, hsz));
        var dB = (bool)ctx.get_data("bias") ? dGhRows.sum(0L) : null;
        var dH0 = torch.tensor(dh).reshape(b, hsz);
        return [dGi, dW, dB!, dH0, null!, null!];
    }

    /// <summary>
    /// One step's gradients: from dh_(k+1) and dy_k to the gate pre-activations (dgi_k, dgh_k, which differ in the n part:
    /// gh_n enters as r·gh_n) and the part of dh_k that does not pass through W_hh. Both formulas share one form: the
    /// chip's recurrent term z·h·f is linger's z·h at f = 1. Vector lanes per row, then the same formula for the tail.
    /// </summary>
    private static void StepBackward(int b, int h, int k, RecurrentLoopOptions o, RecurrentStateUpdate clamp, ReadOnlySpan<float> dh, ReadOnlySpan<float> dY,
                                     ReadOnlySpan<float> r, ReadOnlySpan<float> z, ReadOnlySpan<float> n, ReadOnlySpan<float> ghn, ReadOnlySpan<float> hPrev,
                                     ReadOnlySpan<float> preClamp, Span<float> dGi, Span<float> dGh, Span<float> dhDirect)
    {
        int row = 3 * h, width = Vector<float>.Count;
        float f = o.Formula == GruFormula.Chip ? (float)o.ChipRecurrentFactor : 1f;
        bool clamps = !preClamp.IsEmpty;
        Vector<float> vf = new(f), one = Vector<float>.One, lo = new(clamp.Lower), hi = new(clamp.Upper);
        for (int i = 0; i < b; i++)
        {
            float m = StepMask(o, k, i);
            Vector<float> vm = new(m), vKeep = one - vm;
            int j = 0;
            for (; j <= h - width; j += width)
            {
                int e = i * h + j, g = i * row + j;
                // y_k = h_q·m and h_(k+1) = h_k + (h_q − h_k)·m; straight through the fake quantization.
                var dhv = FloatLoops.Load(dh, e);
                var dNew = vm * dhv + vm * FloatLoops.Load(dY, e);
                if (clamps)
                {
                    var p = FloatLoops.Load(preClamp, e);
                    dNew = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(p, lo) & Vector.LessThanOrEqual(p, hi), dNew, Vector<float>.Zero);
                }
                Vector<float> zz = FloatLoops.Load(z, e), nn = FloatLoops.Load(n, e), rr = FloatLoops.Load(r, e);
                var dan = dNew * (one - zz) * (one - nn * nn);
                var dar = dan * FloatLoops.Load(ghn, e) * rr * (one - rr);
                var daz = dNew * (FloatLoops.Load(hPrev, e) * vf - nn) * zz * (one - zz);
                FloatLoops.Store(dar, dGi, g);
                FloatLoops.Store(daz, dGi, g + h);
                FloatLoops.Store(dan, dGi, g + 2 * h);
                FloatLoops.Store(dar, dGh, g);
                FloatLoops.Store(daz, dGh, g + h);
                FloatLoops.Store(dan * rr, dGh, g + 2 * h);
                FloatLoops.Store(vKeep * dhv + dNew * zz * vf, dhDirect, e);
            }
            for (; j < h; j++)
            {
                int e = i * h + j, g = i * row + j;
                float dNew = m * dh[e] + m * dY[e];
                if (clamps && !clamp.Passes(preClamp[e])) dNew = 0;
                float zz = z[e], nn = n[e], rr = r[e];
                float dan = dNew * (1f - zz) * (1f - nn * nn);
                float dar = dan * ghn[e] * rr * (1f - rr);
                float daz = dNew * (hPrev[e] * f - nn) * zz * (1f - zz);
                dGi[g] = dGh[g] = dar;
                dGi[g + h] = dGh[g + h] = daz;
                dGi[g + 2 * h] = dan;
                dGh[g + 2 * h] = dan * rr;
                dhDirect[e] = (1f - m) * dh[e] + dNew * zz * f;
            }
        }
    }
}
