using LingerNet.Speech;
using Xunit;

namespace LingerNet.Tests.Speech;

public class LogMelExtractorTests
{
    private static float[] Tone(double hz, double amplitude = 0.5, int samples = KwsFeatures.ClipSamples)
        => [.. Enumerable.Range(0, samples).Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * hz * n / KwsFeatures.SampleRate)))];

    [Fact]
    public void FrameCount_OneSecondAt16k_Is98()
    {
        var x = KwsFeatures.CreateExtractor();
        Assert.Equal(KwsFeatures.Frames, x.FrameCount(KwsFeatures.ClipSamples));
        Assert.Equal(KwsFeatures.Frames * KwsFeatures.MelBins, x.Compute(new float[KwsFeatures.ClipSamples]).Length);
        Assert.Equal(0, x.FrameCount(399));
        Assert.Equal(1, x.FrameCount(400));
    }

    [Theory]
    [InlineData(300.0)]
    [InlineData(1000.0)]
    [InlineData(2500.0)]
    [InlineData(6000.0)]
    public void Compute_PureTone_PeaksInTheFilterCentredNearest(double hz)
    {
        var x = KwsFeatures.CreateExtractor();
        var mel = x.Compute(Tone(hz));
        int expected = Enumerable.Range(0, x.MelBins).MinBy(m => Math.Abs(x.FilterBank.CentreHz[m] - hz));
        for (int f = 0; f < KwsFeatures.Frames; f++)
        {
            var frame = mel.AsSpan(f * x.MelBins, x.MelBins).ToArray();
            int peak = Array.IndexOf(frame, frame.Max());
            Assert.Equal(expected, peak);
        }
    }

    [Fact]
    public void Compute_Silence_GivesTheFloorEverywhere()
    {
        var mel = KwsFeatures.CreateExtractor().Compute(new float[KwsFeatures.ClipSamples]);
        float floor = (float)Math.Log(LogMelExtractor.FloorEnergy);
        Assert.All(mel, v => Assert.Equal(floor, v));
        var codes = KwsFeatures.Quantize(mel);
        // (ln 1e-6 + 2) / 3 · 32 = −126.0 → code −126: silence sits just inside the int8 range.
        Assert.All(codes, c => Assert.Equal(-126, c));
    }

    [Fact]
    public void Quantize_FullScaleTone_StaysInsideTheGridAndNearItsTop()
    {
        var codes = KwsFeatures.Quantize(KwsFeatures.CreateExtractor().Compute(Tone(1000, amplitude: 32767.0 / 32768)));
        Assert.InRange((int)codes.Max(), 100, 127);
        Assert.True(codes.Min() >= -127);
    }

    [Fact]
    public void Quantize_ValuesBeyondTheRange_ClampAtPlusMinus127()
    {
        var codes = KwsFeatures.Quantize([1000f, -1000f, (float)KwsFeatures.Mean]);
        Assert.Equal(new sbyte[] { 127, -127, 0 }, codes);
        Assert.Equal(127f / 32, KwsFeatures.ToValue(127));
    }

    [Fact]
    public void Compute_LouderTone_RaisesTheLogEnergyBy2LnGain()
    {
        var x = KwsFeatures.CreateExtractor();
        var quiet = x.Compute(Tone(1000, 0.1));
        var loud = x.Compute(Tone(1000, 0.4));
        int bin = Enumerable.Range(0, x.MelBins).MinBy(m => Math.Abs(x.FilterBank.CentreHz[m] - 1000));
        Assert.Equal(2 * Math.Log(4), loud[bin] - quiet[bin], 3);
    }

    [Fact]
    public void MelFilterBank_CentresAreIncreasingAndInsideTheBand()
    {
        var bank = new MelFilterBank(40, 512, 16000, 20, 8000);
        Assert.Equal(40, bank.CentreHz.Count);
        for (int i = 1; i < bank.CentreHz.Count; i++) Assert.True(bank.CentreHz[i] > bank.CentreHz[i - 1]);
        Assert.InRange(bank.CentreHz[0], 20, 200);
        Assert.InRange(bank.CentreHz[^1], 6000, 8000);
        Assert.Equal(1000, MelFilterBank.MelToHz(MelFilterBank.HzToMel(1000)), 9);
    }
}
