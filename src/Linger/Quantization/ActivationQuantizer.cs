using LingerNet.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Quantization;

/// <summary>
/// The activation side of the integer pipeline (linger-spec §1.1, §1.3, §1.6), shared by every
/// quantized module: where an input's scale comes from, how an output scale is chosen, and how the
/// eval path turns an exact integer accumulator into the int8 values the chip produces.
/// Train uses per-batch (floor) scales and updates the running statistic; eval uses the scale derived
/// from the running statistic (round), and computes in float64 so every value is an exact integer.
/// </summary>
internal static class ActivationQuantizer
{
    /// <summary>
    /// The quantized form of a module input and its scale. A tensor produced by another quantized
    /// module (tagged) is already on its grid and keeps its scale; a plain float tensor is quantized
    /// with a per-batch scale in training (observed into <paramref name="running"/>) and with the
    /// running scale in eval. Eval quantization is float32 floor(x·2^n + 0.5), as thinker's Quant op.
    /// </summary>
    public static (Tensor Value, Pow2Scale Scale) QuantizeInput(Tensor x, Tensor running, int bits, bool training, string owner)
    {
        var tag = QuantTags.Get(x);
        if (tag is not null && tag.Bits == bits)
        {
            if (training) RunningStatistic.Observe(running, tag.Scale.MaxRepresentable(bits));
            return (x, tag.Scale);
        }
        Pow2Scale s;
        if (training)
        {
            s = Pow2Scale.FromMaxAbs(MaxAbs(x), bits);
            RunningStatistic.Observe(running, s.MaxRepresentable(bits));
        }
        else
        {
            s = EvalScale(running, bits, owner, "input");
        }
        return (FakeQuantize.Apply(x, s.Value, QuantRange.Min(bits), QuantRange.Max(bits)), s);
    }

    /// <summary>
    /// Training-mode output quantization: per-batch scale from max|y| (max(y, 0) when the module is
    /// followed only by a ReLU, linger's ahead_relu), never finer than 2^maxExponent, observed into the
    /// running buffer; the result is fake-quantized with a straight-through gradient and tagged.
    /// </summary>
    /// <param name="y">The float output.</param>
    /// <param name="running">The output's running statistic.</param>
    /// <param name="bits">Output bits.</param>
    /// <param name="aheadRelu">Choose the scale on max(y, 0).</param>
    /// <param name="maxExponent">The finest allowed exponent, or null.</param>
    /// <param name="clampOutput">
    /// Clamp y to ±bound first (a constrained layer's output bound), or null. The maximum is taken before the
    /// clamp and the clamp is skipped when it cannot bind: same values and gradients, one full-size pass less.
    /// </param>
    public static Tensor QuantizeOutputTrain(Tensor y, Tensor running, int bits, bool aheadRelu, int? maxExponent, double? clampOutput = null)
    {
        double max;
        using (no_grad()) max = aheadRelu ? Math.Max(0.0, y.max().item<float>()) : MaxAbs(y);
        // The clamp acts at the bound as float32 (a float tensor's scalar): max|clamp(y)| = min(max|y|, bound)
        // and with ahead_relu max(0, min(max y, bound)), both what the branch below gives.
        if (clampOutput is double c && (float)c < max)
        {
            y = y.clamp(-c, c);
            max = (float)c;
        }
        var s = Clamp(Pow2Scale.FromMaxAbs(max, bits), maxExponent);
        RunningStatistic.Observe(running, s.MaxRepresentable(bits));
        var q = FakeQuantize.Apply(y, s.Value, QuantRange.Min(bits), QuantRange.Max(bits));
        return QuantTags.Tag(q, new QuantInfo(s, bits));
    }

    /// <summary>
    /// Output scale of the rescaling ops (iqAdd, iqCat; linger-spec §3.16, §3.21): in training the
    /// batch's raw max (computed lazily) is observed into <paramref name="running"/> and the exponent is
    /// round(log2(bound / max)); in eval it comes from the running statistic. Never finer than 2^maxExponent.
    /// </summary>
    public static Pow2Scale RescalingOutputScale(Func<double> batchMax, Tensor running, int bits, bool training, int maxExponent, string owner)
    {
        Pow2Scale s;
        if (training)
        {
            double m;
            using (no_grad()) m = batchMax();
            RunningStatistic.Observe(running, m);
            s = Pow2Scale.FromRunning(m, bits);
        }
        else
        {
            s = EvalScale(running, bits, owner, "output");
        }
        return Clamp(s, maxExponent);
    }

    /// <summary>Eval-mode output scale from the running statistic, never finer than 2^maxExponent.</summary>
    public static Pow2Scale OutputScaleEval(Tensor running, int bits, int? maxExponent, string owner)
        => Clamp(EvalScale(running, bits, owner, "output"), maxExponent);

    /// <summary>
    /// Eval-mode requantization of an exact integer accumulator (float64 tensor) at exponent
    /// <paramref name="accExponent"/> to <paramref name="outScale"/>: SAT(RSH(acc, accExponent − n)),
    /// returned as float32 values q / 2^n (float64 for widths above 24 bits, which float32 cannot hold exactly)
    /// and tagged. Float64 keeps this exact for |acc| &lt; 2^52.
    /// </summary>
    public static Tensor RequantizeEval(Tensor acc, int accExponent, Pow2Scale outScale, int bits)
    {
        int shift = accExponent - outScale.Exponent;
        if (shift < 0)
            throw new InvalidOperationException($"negative shift {shift}: output scales must be clamped to the accumulator's");
        var q = acc.mul(Math.ScaleB(1.0, -shift)).add_(0.5).floor_().clamp_(QuantRange.Min(bits), QuantRange.Max(bits));
        var y = q.div_(outScale.Value).to_type(bits > 24 ? ScalarType.Float64 : ScalarType.Float32);
        return QuantTags.Tag(y, new QuantInfo(outScale, bits));
    }

    /// <summary>The integers a tensor on the grid of <paramref name="scale"/> stands for, as an exact float64 tensor.</summary>
    public static Tensor Integers(Tensor onGrid, Pow2Scale scale) => onGrid.to_type(ScalarType.Float64).mul_(scale.Value);

    /// <summary>Quantizes a float tensor to exact float64 integers: clamp(floor(t·2^n + 0.5)) (weights, biases).</summary>
    public static Tensor QuantizeToIntegers(Tensor t, Pow2Scale scale, int bits)
        => t.detach().to_type(ScalarType.Float64).mul_(scale.Value).add_(0.5).floor_().clamp_(QuantRange.Min(bits), QuantRange.Max(bits));

    /// <summary>max |t| as a double: max(−min t, max t) from one pass (aminmax), without a full-size |t| temporary.</summary>
    public static double MaxAbs(Tensor t)
    {
        using var _ = no_grad();
        if (t.numel() == 0) return 0.0;
        var (min, max) = t.aminmax();
        using (min)
        using (max)
        using (var m = torch.maximum(max, min.neg()))
            return m.ToDouble();
    }

    private static Pow2Scale Clamp(Pow2Scale s, int? maxExponent)
        => maxExponent is int m && s.Exponent > m ? new Pow2Scale(m) : s;

    private static Pow2Scale EvalScale(Tensor running, int bits, string owner, string what)
    {
        double r = RunningStatistic.Read(running);
        if (r <= 0)
            throw new LingerException(
                $"{owner}: no {what} statistics yet (running value is 0). Run at least one training batch in train() mode, " +
                "or load a checkpoint saved from a trained quantized model, before eval() or export.");
        return Pow2Scale.FromRunning(r, bits);
    }
}
