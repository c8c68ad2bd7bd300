using System.Numerics;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// The LSTM's training-mode time loop as one autograd node, for CPU float32 (what <see cref="RecurrentReferenceLoop"/>
/// computes, in a fraction of the ops; <see cref="GruTimeLoop"/> explains the split). libtorch computes the hidden-state
/// matmul and the activations, each on a tensor of the reference's shape and strides (the gates of one step are [B, H]
/// slices of a fresh [B, 4H] pre-activation, tanh(c') runs on a contiguous [B, H]); the sums, products, the cell's int16 Q7 and
/// the state's int8 fake quantization, clamp and length masks run in C# in the reference's order. Gate order i, f, g, o.
/// </summary>
internal sealed class LstmTimeLoop : autograd.MultiTensorFunction<LstmTimeLoop>
{
    private const int Bits = 8;
    private const float CellScale = 128f; // Q7
    private const float CellMin = short.MinValue, CellMax = short.MaxValue;

    /// <inheritdoc />
    public override string Name => nameof(LstmTimeLoop);

    /// <summary>
    /// Runs the loop over <paramref name="gi"/> ([T, B, 4H], the input projections of all steps with their bias) from
    /// <paramref name="h0"/> and <paramref name="c0"/> ([B, H], on their grids). T must be positive; every tensor CPU float32.
    /// </summary>
    public static RecurrentLoopResult Run(Tensor gi, Tensor wHh, Tensor? bHh, Tensor h0, Tensor c0, RecurrentLoopOptions o)
    {
        var rawMax = new StrongBox<double>();
        var outs = apply(gi, wHh, bHh, h0, c0, o, rawMax);
        return new RecurrentLoopResult(outs[0], outs[1], outs[2], rawMax.Value);
    }

    /// <inheritdoc />
    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var gi = ((Tensor)vars[0]).contiguous();
        var wHh = (Tensor)vars[1];
        var bHh = vars[2] as Tensor;
        var h0 = ((Tensor)vars[3]).contiguous();
        var c0 = ((Tensor)vars[4]).contiguous();
        var o = (RecurrentLoopOptions)vars[5];
        int t = (int)gi.shape[0], b = (int)gi.shape[1], h = (int)wHh.shape[1], bh = b * h;
        var update = new RecurrentStateUpdate(o, Bits);
        // Kept for the backward: the activated gates, tanh(c'), the clamp's input, h_0..h_T and c_0..c_T.
        var gates = empty(t, b, 4 * h);
        var tanhC = empty(t, b, h);
        var y = empty(t, b, h);
        var preClamp = update.Clamps ? empty(t, b, h) : null;
        var hs = empty(t + 1, b, h);
        var cs = empty(t + 1, b, h);
        // What libtorch computes on reads tensors laid out as in the reference loop, allocated once and refilled every
        // step: h_k for the matmul, the [B, 4H] pre-activation whose [B, H] gate slices get sigmoid/tanh in place, c'.
        var hStep = empty(b, h);
        var gateStep = empty(b, 4 * h);
        var cStep = empty(b, h);
        var gateViews = gateStep.chunk(4, -1);
        Span<float> giS = HostFloats.Of(gi), gatesS = HostFloats.Of(gates), tanhCS = HostFloats.Of(tanhC), yS = HostFloats.Of(y),
                    preS = preClamp is null ? default : HostFloats.Of(preClamp), hsS = HostFloats.Of(hs), csS = HostFloats.Of(cs),
                    hStepS = HostFloats.Of(hStep), gateStepS = HostFloats.Of(gateStep), cStepS = HostFloats.Of(cStep);
        HostFloats.Of(h0).CopyTo(hsS);
        HostFloats.Of(c0).CopyTo(csS);
        var scratch = new float[h];
        for (int k = 0; k < t; k++)
        {
            var gatesK = gatesS.Slice(k * bh * 4, bh * 4);
            var at = k * bh;
            hsS.Slice(at, bh).CopyTo(hStepS);
            using (var gh = nn.functional.linear(hStep, wHh, bHh))
                FloatLoops.Add(giS.Slice(k * bh * 4, bh * 4), HostFloats.Of(gh), gateStepS);
            gateViews[0].sigmoid_();
            gateViews[1].sigmoid_();
            gateViews[2].tanh_();
            gateViews[3].sigmoid_();
            gateStepS.CopyTo(gatesK);
            Cell(b, h, k, o, gatesK, csS.Slice(at, bh), csS.Slice(at + bh, bh), cStepS, scratch);
            cStep.tanh_();
            cStepS.CopyTo(tanhCS.Slice(at, bh));
            NewState(b, h, k, o, update, gatesK, tanhCS.Slice(at, bh), hsS.Slice(at, bh), hsS.Slice(at + bh, bh),
                     preS.IsEmpty ? preS : preS.Slice(at, bh), yS.Slice(at, bh), scratch);
        }
        ((StrongBox<double>)vars[6]).Value = o.ObserveRawMax ? update.RawMaxAbs : 0;
        ctx.save_for_backward([gates, tanhC, hs, cs, preClamp!, wHh]);
        ctx.save_data("options", o);
        ctx.save_data("bias", bHh is not null);
        return [y, hs[t].clone(), cs[t].clone()];
    }

    /// <summary>
    /// c' = f·c + i·g, fake-quantized to int16 Q7 (written where tanh(c') will be computed in place), and
    /// c_(k+1) = c' (with lengths c_k + (c' − c_k)·m).
    /// </summary>
    private static void Cell(int b, int h, int k, RecurrentLoopOptions o, ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, Span<float> cNext, Span<float> cNew,
                             Span<float> scratch)
    {
        for (int i = 0; i < b; i++)
        {
            var row = gates.Slice(i * 4 * h, 4 * h);
            ReadOnlySpan<float> prev = cPrev.Slice(i * h, h);
            Span<float> next = cNext.Slice(i * h, h), fresh = cNew.Slice(i * h, h);
            FloatLoops.Multiply(row.Slice(h, h), prev, scratch);
            FloatLoops.AddProduct(scratch, row[..h], row.Slice(2 * h, h), fresh);
            if (o.Quantized) RecurrentStateUpdate.QuantizeCell(fresh);
            if (o.Lengths is null) fresh.CopyTo(next);
            else FloatLoops.MaskedUpdate(prev, fresh, GruTimeLoop.StepMask(o, k, i), next);
        }
    }

    /// <summary>h' = o·tanh(c'), then per row the clamp, statistics, fake quantization, h_(k+1) and y_k as in the GRU.</summary>
    private static void NewState(int b, int h, int k, RecurrentLoopOptions o, RecurrentStateUpdate update, ReadOnlySpan<float> gates, ReadOnlySpan<float> tanhC,
                                 ReadOnlySpan<float> hPrev, Span<float> hNext, Span<float> preClamp, Span<float> y, Span<float> scratch)
    {
        for (int i = 0; i < b; i++)
        {
            var row = new Range(i * h, (i + 1) * h);
            FloatLoops.Multiply(gates.Slice(i * 4 * h + 3 * h, h), tanhC[row], scratch);
            update.Apply(scratch, hPrev[row], GruTimeLoop.StepMask(o, k, i), o.Lengths is not null, preClamp.IsEmpty ? preClamp : preClamp[row], hNext[row], y[row]);
        }
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grads)
    {
        var saved = ctx.get_saved_variables();
        Tensor gates = saved[0], tanhC = saved[1], hs = saved[2], cs = saved[3], wHh = saved[5];
        Tensor? preClamp = saved[4];
        var o = (RecurrentLoopOptions)ctx.get_data("options");
        int t = (int)tanhC.shape[0], b = (int)tanhC.shape[1], h = (int)tanhC.shape[2], bh = b * h;
        var dY = grads[0].contiguous();
        float[] dh = HostFloats.Of(grads[1].contiguous()).ToArray();
        float[] dc = HostFloats.Of(grads[2].contiguous()).ToArray();
        var dhDirect = new float[bh];
        var dGates = empty(t, b, 4 * h);
        var dGateStep = empty(b, 4 * h); // step k's gradient as the matmul's operand, refilled every step
        var clamp = new RecurrentStateUpdate(o, Bits);
        Span<float> dYS = HostFloats.Of(dY), gatesS = HostFloats.Of(gates), tanhCS = HostFloats.Of(tanhC), dGatesS = HostFloats.Of(dGates),
                    preS = preClamp is null ? default : HostFloats.Of(preClamp), csS = HostFloats.Of(cs), dGateStepS = HostFloats.Of(dGateStep);
        for (int k = t - 1; k >= 0; k--)
        {
            int at = k * bh;
            StepBackward(b, h, k, o, clamp, dh, dc, dYS.Slice(at, bh), gatesS.Slice(4 * at, 4 * bh), tanhCS.Slice(at, bh), csS.Slice(at, bh),
                         preS.IsEmpty ? preS : preS.Slice(at, bh), dGateStepS, dhDirect);
            dGateStepS.CopyTo(dGatesS.Slice(4 * at, 4 * bh));
            // dh_k = the direct term + da_k · W_hh (the pre-activation gi + gh has one gradient for both).
            using var recurrent = dGateStep.mm(wHh);
            FloatLoops.Add(dhDirect, HostFloats.Of(recurrent), dh);
        }
        var dRows = dGates.view(t * b, 4 * h);
        var dW = dRows.t().mm(hs.narrow(0, 0, t).view(t * b, h));
        var dB = (bool)ctx.get_data("bias") ? dRows.sum(0L) : null;
        return [dGates, dW, dB!, torch.tensor(dh).reshape(b, h), torch.tensor(dc).reshape(b, h), null!, null!];
    }

    /// <summary>
    /// One step's gradients: from dh_(k+1), dc_(k+1) and dy_k to the gate pre-activations; updates <paramref name="dc"/>
    /// to dc_k and leaves in <paramref name="dhDirect"/> the part of dh_k that does not pass through W_hh. Vector lanes
    /// per row, then the same formula for the tail.
    /// </summary>
    private static void StepBackward(int b, int h, int k, RecurrentLoopOptions o, RecurrentStateUpdate clamp, ReadOnlySpan<float> dh, Span<float> dc,
                                     ReadOnlySpan<float> dY, ReadOnlySpan<float> gates, ReadOnlySpan<float> tanhC, ReadOnlySpan<float> cPrev,
                                     ReadOnlySpan<float> preClamp, Span<float> dGates, Span<float> dhDirect)
    {
        int width = Vector<float>.Count;
        bool clamps = !preClamp.IsEmpty;
        Vector<float> one = Vector<float>.One, lo = new(clamp.Lower), hi = new(clamp.Upper);
        for (int i = 0; i < b; i++)
        {
            float m = GruTimeLoop.StepMask(o, k, i);
            Vector<float> vm = new(m), vKeep = one - vm;
            var row = gates.Slice(i * 4 * h, 4 * h);
            var dRow = dGates.Slice(i * 4 * h, 4 * h);
            int j = 0;
            for (; j <= h - width; j += width)
            {
                int e = i * h + j;
                // Straight through both fake quantizations; c_(k+1) = c_k + (c' − c_k)·m like the hidden state.
                var dhv = FloatLoops.Load(dh, e);
                var dNew = vm * dhv + vm * FloatLoops.Load(dY, e);
                if (clamps)
                {
                    var p = FloatLoops.Load(preClamp, e);
                    dNew = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(p, lo) & Vector.LessThanOrEqual(p, hi), dNew, Vector<float>.Zero);
                }
                Vector<float> ig = FloatLoops.Load(row, j), fg = FloatLoops.Load(row, h + j), gg = FloatLoops.Load(row, 2 * h + j), og = FloatLoops.Load(row, 3 * h + j), tc = FloatLoops.Load(tanhC, e);
                var dcv = FloatLoops.Load(dc, e);
                var dCell = dNew * og * (one - tc * tc) + vm * dcv;
                FloatLoops.Store(dCell * gg * ig * (one - ig), dRow, j);
                FloatLoops.Store(dCell * FloatLoops.Load(cPrev, e) * fg * (one - fg), dRow, h + j);
                FloatLoops.Store(dCell * ig * (one - gg * gg), dRow, 2 * h + j);
                FloatLoops.Store(dNew * tc * og * (one - og), dRow, 3 * h + j);
                FloatLoops.Store(vKeep * dcv + dCell * fg, dc, e);
                FloatLoops.Store(vKeep * dhv, dhDirect, e);
            }
            for (; j < h; j++)
            {
                int e = i * h + j;
                float dNew = m * dh[e] + m * dY[e];
                if (clamps && !clamp.Passes(preClamp[e])) dNew = 0;
                float ig = row[j], fg = row[h + j], gg = row[2 * h + j], og = row[3 * h + j], tc = tanhC[e];
                float dCell = dNew * og * (1f - tc * tc) + m * dc[e];
                dRow[j] = dCell * gg * ig * (1f - ig);
                dRow[h + j] = dCell * cPrev[e] * fg * (1f - fg);
                dRow[2 * h + j] = dCell * ig * (1f - gg * gg);
                dRow[3 * h + j] = dNew * tc * og * (1f - og);
                dc[e] = (1f - m) * dc[e] + dCell * fg;
                dhDirect[e] = (1f - m) * dh[e];
            }
        }
    }
}
