using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Speech;

/// <summary>
/// Training augmentation for keyword-spotting features: every clip of a batch <c>[B, 1, frames, mel]</c> moves by
/// its own random number of frames in [−max, max] (torch's global generator, so seeded runs repeat); frames shifted
/// in are silence (<see cref="KwsFeatures"/> code −126, the energy floor), so the values stay on the input grid.
/// It teaches the model that a word may start anywhere, which the streaming windows need.
/// </summary>
public static class KwsTimeShift
{
    /// <summary>The value of silence in the features: <c>floor((ln 1e-6 − Mean) / Scale · 32 + 0.5) / 32</c>.</summary>
    public static float SilenceValue { get; } = KwsFeatures.ToValue(KwsFeatures.Quantize([(float)Math.Log(LogMelExtractor.FloorEnergy)])[0]);

    /// <summary>Shifts every clip of <paramref name="batch"/> in time.</summary>
    /// <param name="batch">Features <c>[B, 1, frames, mel]</c>.</param>
    /// <param name="maxFrames">The largest shift either way.</param>
    /// <returns>A new tensor of the same shape, in the caller's dispose scope.</returns>
    public static Tensor Apply(Tensor batch, int maxFrames)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (maxFrames <= 0) return batch;
        long n = batch.shape[0], channels = batch.shape[1], frames = batch.shape[2], bins = batch.shape[3];
        // One gather for the whole batch: output frame t of clip i reads input frame t − shift_i, or silence.
        var shifts = torch.randint(-maxFrames, maxFrames + 1, new long[] { n, 1 });
        var source = torch.arange(frames, dtype: ScalarType.Int64).unsqueeze(0L) - shifts;         // [n, frames]
        var inside = source.ge(0L).logical_and(source.lt(frames));
        var index = source.clamp(0L, frames - 1).view(n, 1, frames, 1).expand(n, channels, frames, bins);
        var moved = batch.gather(2L, index);
        return torch.where(inside.view(n, 1, frames, 1), moved, torch.tensor(SilenceValue, dtype: batch.dtype));
    }
}
