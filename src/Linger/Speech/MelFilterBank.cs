namespace LingerNet.Speech;

/// <summary>
/// Triangular mel filters over the bins of a power spectrum (HTK mel scale,
/// <c>mel(f) = 2595·log10(1 + f/700)</c>). Filter <c>m</c> rises linearly from centre <c>m−1</c> to
/// centre <c>m</c> and falls to centre <c>m+1</c>, with <c>melBins + 2</c> centres equally spaced in mel
/// between the lowest and the highest frequency; weights are evaluated at each bin's frequency (peak 1, not
/// area-normalised).
/// </summary>
public sealed class MelFilterBank
{
    private readonly float[][] _weights;
    private readonly int[] _firstBin;

    /// <summary>Builds the filters.</summary>
    /// <param name="melBins">Number of filters.</param>
    /// <param name="fftSize">FFT length; the spectrum has <c>fftSize/2 + 1</c> bins.</param>
    /// <param name="sampleRate">Samples per second.</param>
    /// <param name="minHz">Lower edge of the first filter.</param>
    /// <param name="maxHz">Upper edge of the last filter (at most the Nyquist frequency).</param>
    public MelFilterBank(int melBins, int fftSize, int sampleRate, double minHz, double maxHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(melBins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (!(minHz >= 0 && minHz < maxHz && maxHz <= sampleRate / 2.0))
            throw new ArgumentException($"need 0 ≤ minHz < maxHz ≤ sampleRate/2, got {minHz}, {maxHz}, {sampleRate}");
        MelBins = melBins;
        SpectrumBins = fftSize / 2 + 1;
        double lo = HzToMel(minHz), hi = HzToMel(maxHz);
        var centres = new double[melBins + 2];
        for (int i = 0; i < centres.Length; i++) centres[i] = MelToHz(lo + (hi - lo) * i / (melBins + 1));
        CentreHz = centres[1..^1];
        _weights = new float[melBins][];
        _firstBin = new int[melBins];
        double binHz = (double)sampleRate / fftSize;
        for (int m = 0; m < melBins; m++)
        {
            double left = centres[m], centre = centres[m + 1], right = centres[m + 2];
            int first = (int)Math.Ceiling(left / binHz), last = Math.Min(SpectrumBins - 1, (int)Math.Floor(right / binHz));
            var w = new List<float>();
            for (int k = first; k <= last; k++)
            {
                double f = k * binHz;
                double v = f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre);
                w.Add((float)Math.Max(0, v));
            }
            _firstBin[m] = first;
            _weights[m] = [.. w];
        }
    }

    /// <summary>Number of filters.</summary>
    public int MelBins { get; }

    /// <summary>Bins of the power spectrum the filters read (<c>fftSize/2 + 1</c>).</summary>
    public int SpectrumBins { get; }

    /// <summary>The centre frequency of each filter in Hz.</summary>
    public IReadOnlyList<double> CentreHz { get; }

    /// <summary>HTK mel of a frequency.</summary>
    /// <param name="hz">Frequency in Hz.</param>
    public static double HzToMel(double hz) => 2595.0 * Math.Log10(1.0 + hz / 700.0);

    /// <summary>Frequency of an HTK mel value.</summary>
    /// <param name="mel">Mel value.</param>
    public static double MelToHz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);

    /// <summary>Applies the filters to one power spectrum.</summary>
    /// <param name="power">The power spectrum, <see cref="SpectrumBins"/> values.</param>
    /// <param name="output">Receives <see cref="MelBins"/> filter energies.</param>
    public void Apply(ReadOnlySpan<double> power, Span<double> output)
    {
        if (power.Length < SpectrumBins) throw new ArgumentException($"need {SpectrumBins} spectrum bins, got {power.Length}", nameof(power));
        if (output.Length < MelBins) throw new ArgumentException($"need room for {MelBins} mel bins, got {output.Length}", nameof(output));
        for (int m = 0; m < MelBins; m++)
        {
            double sum = 0;
            var w = _weights[m];
            int first = _firstBin[m];
            for (int i = 0; i < w.Length; i++) sum += w[i] * power[first + i];
            output[m] = sum;
        }
    }
}
