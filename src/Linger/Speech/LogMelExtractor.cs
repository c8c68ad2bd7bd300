using System.Numerics;

namespace LingerNet.Speech;

/// <summary>
/// Log-mel filterbank features: frames of <see cref="WindowSamples"/> samples every <see cref="HopSamples"/>
/// (no padding: a frame exists only where the whole window fits), a periodic Hann window, a
/// <see cref="FftSize"/>-point FFT (FftSharp), the power spectrum <c>|X_k|²</c>, the
/// <see cref="MelFilterBank"/>, and the natural log of each filter energy floored at
/// <see cref="FloorEnergy"/>. Samples are expected in [-1, 1). The defaults are the keyword-spotting
/// features: 16 kHz, 25 ms window, 10 ms hop, 512-point FFT, 40 mel bins from 20 Hz to 8 kHz, so that a
/// one-second clip gives 98 frames. Instances are immutable and thread-safe.
/// </summary>
public sealed class LogMelExtractor
{
    /// <summary>The energy floor: silence (all zeros) gives <c>ln(FloorEnergy)</c> in every bin.</summary>
    public const double FloorEnergy = 1e-6;

    private readonly double[] _window;

    /// <summary>Creates an extractor.</summary>
    /// <param name="sampleRate">Samples per second.</param>
    /// <param name="windowSamples">Samples per frame (400 = 25 ms at 16 kHz).</param>
    /// <param name="hopSamples">Samples between frame starts (160 = 10 ms at 16 kHz).</param>
    /// <param name="fftSize">FFT length, a power of two ≥ <paramref name="windowSamples"/>; the window is zero-padded to it.</param>
    /// <param name="melBins">Number of mel filters.</param>
    /// <param name="minHz">Lower edge of the first filter.</param>
    /// <param name="maxHz">Upper edge of the last filter (default: the Nyquist frequency).</param>
    public LogMelExtractor(int sampleRate = 16000, int windowSamples = 400, int hopSamples = 160, int fftSize = 512,
        int melBins = 40, double minHz = 20, double? maxHz = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSamples, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopSamples, 1);
        if (fftSize < windowSamples || (fftSize & (fftSize - 1)) != 0)
            throw new ArgumentException($"fftSize must be a power of two ≥ the window ({windowSamples}), got {fftSize}", nameof(fftSize));
        SampleRate = sampleRate;
        WindowSamples = windowSamples;
        HopSamples = hopSamples;
        FftSize = fftSize;
        FilterBank = new MelFilterBank(melBins, fftSize, sampleRate, minHz, maxHz ?? sampleRate / 2.0);
        // Periodic Hann: w[n] = 0.5 − 0.5·cos(2πn/N), the usual choice for spectral analysis frames.
        _window = new double[windowSamples];
        for (int n = 0; n < windowSamples; n++) _window[n] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / windowSamples);
    }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>Samples per frame.</summary>
    public int WindowSamples { get; }

    /// <summary>Samples between frame starts.</summary>
    public int HopSamples { get; }

    /// <summary>FFT length.</summary>
    public int FftSize { get; }

    /// <summary>The mel filters.</summary>
    public MelFilterBank FilterBank { get; }

    /// <summary>Mel bins per frame.</summary>
    public int MelBins => FilterBank.MelBins;

    /// <summary>The number of frames <paramref name="samples"/> samples give: <c>1 + (samples − window) / hop</c>, or 0.</summary>
    /// <param name="samples">Signal length in samples.</param>
    public int FrameCount(int samples) => samples < WindowSamples ? 0 : 1 + (samples - WindowSamples) / HopSamples;

    /// <summary>Computes the log-mel energies of a signal.</summary>
    /// <param name="samples">The signal, in [-1, 1).</param>
    /// <returns>Natural-log mel energies, row-major <c>[frames, melBins]</c> (frames = <see cref="FrameCount"/>).</returns>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        int frames = FrameCount(samples.Length);
        var result = new float[frames * MelBins];
        var buffer = new Complex[FftSize];
        var power = new double[FftSize / 2 + 1];
        var mel = new double[MelBins];
        for (int f = 0; f < frames; f++)
        {
            var frame = samples.Slice(f * HopSamples, WindowSamples);
            for (int n = 0; n < WindowSamples; n++) buffer[n] = new Complex(frame[n] * _window[n], 0);
            Array.Clear(buffer, WindowSamples, FftSize - WindowSamples);
            FftSharp.FFT.Forward(buffer.AsSpan());
            for (int k = 0; k < power.Length; k++)
            {
                var x = buffer[k];
                power[k] = x.Real * x.Real + x.Imaginary * x.Imaginary;
            }
            FilterBank.Apply(power, mel);
            for (int m = 0; m < MelBins; m++) result[f * MelBins + m] = (float)Math.Log(Math.Max(mel[m], FloorEnergy));
        }
        return result;
    }
}
