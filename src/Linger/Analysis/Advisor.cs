using System.Globalization;

namespace LingerNet.Analysis;

/// <summary>Turns a layer's numbers into the likely cause and fix, in words (linger's wb_analyse, with a verdict).</summary>
internal static class Advisor
{
    /// <summary>Share of clipped outputs above which clipping is named (0.5 %).</summary>
    public const double ClipLimit = 0.005;

    /// <summary>Local SQNR below which a layer is named even without a clear statistic (dB).</summary>
    public const double LowSqnr = 20;

    public static string Advise(LayerAnalysis l)
    {
        var a = l.Activations;
        var w = l.Weights;
        string Pct(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture);
        if (a.ScaleExponent is int n && a.ClippedShare > ClipLimit)
            return $"{l.Name} clips {Pct(a.ClippedShare)} % of its outputs at Q{n} (float range {Num(a.Min)}..{Num(a.Max)}, grid ±{Num(a.ClipRange!.Value.High)}): " +
                   "its output statistic is too small — calibrate on representative data (more QAT batches), lower the constraint clamp feeding it, or raise its output bits.";
        if (a.ScaleExponent is int n2 && a.UnusedBits >= 2)
            return $"{l.Name} uses only {a.Bits - 1 - a.UnusedBits} of {a.Bits - 1} magnitude bits at Q{n2} (max |q| = {a.MaxAbsInteger}): " +
                   "its output scale is too coarse — its running statistic is far above the real range (an outlier batch or a wrong statistic); " +
                   "recalibrate it on representative data or clamp its output range (Linger.ConstrainModule).";
        if (w is { ScaleExponent: int nw } && (w.UnusedBits >= 2 || w.PeakToRms > 12))
            return $"{l.Name}'s weights have outliers (max |w| = {w.PeakToRms.ToString("0.0", CultureInfo.InvariantCulture)} × RMS) so most weights get few levels at Q{nw}: " +
                   "clamp the weights (Linger.Constrain / ConstrainModule weight bound) or raise its parameter bits.";
        if (w is { ClippedShare: > 0 })
            return $"{l.Name} clips {Pct(w.ClippedShare)} % of its weights: raise its parameter bits or loosen the weight clamp.";
        if (l.LocalSqnr < LowSqnr)
            return $"{l.Name} loses precision by itself (local SQNR {Num(l.LocalSqnr)} dB) without a single cause: " +
                   "try 16-bit data/outputs for it (Linger.QuantModule) or keep it in float (Linger.DisableQuant).";
        return "fine";
    }

    public static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
