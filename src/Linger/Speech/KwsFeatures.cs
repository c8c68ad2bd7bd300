namespace LingerNet.Speech;

/// <summary>
/// The keyword-spotting input: a one-second clip at 16 kHz becomes <see cref="Frames"/> × <see cref="MelBins"/>
/// log-mel values (<see cref="LogMelExtractor"/> defaults), normalised with fixed constants and put on the int8
/// grid the model's input Quant uses: <c>v = (ln E − Mean) / Scale</c>, code <c>q = clamp(floor(v·2^5 + 0.5), −127, 127)</c>,
/// value <c>q / 2^5</c>. The constants are not fitted to data: <see cref="Mean"/> and <see cref="Scale"/> map the
/// energy floor (silence, ln 1e-6 ≈ −13.8) to −3.94 and a full-scale tone (ln E ≈ 9.9) to +3.97, so the whole
/// range of the extractor fits the int8 grid at Q5. Clamping at ±127 (not −128) keeps the largest magnitude at
/// 127/32, for which linger's scale rule (floor(log2(127 / max))) picks exactly Q5: the model's input Quant is
/// then lossless on these values.
/// </summary>
public static class KwsFeatures
{
    /// <summary>Sample rate of the clips.</summary>
    public const int SampleRate = 16000;

    /// <summary>Samples of one clip (1 s).</summary>
    public const int ClipSamples = 16000;

    /// <summary>Frames of one clip: 1 + (16000 − 400) / 160.</summary>
    public const int Frames = 98;

    /// <summary>Mel bins per frame.</summary>
    public const int MelBins = 40;

    /// <summary>Values per clip (<see cref="Frames"/> × <see cref="MelBins"/>).</summary>
    public const int ValuesPerClip = Frames * MelBins;

    /// <summary>Subtracted from the natural-log energy.</summary>
    public const double Mean = -2.0;

    /// <summary>Divides the natural-log energy after the mean is removed.</summary>
    public const double Scale = 3.0;

    /// <summary>The Q exponent of the feature codes: value = code / 2^5.</summary>
    public const int Exponent = 5;

    /// <summary>Milliseconds between frames.</summary>
    public const int HopMilliseconds = 10;

    /// <summary>The extractor with the keyword-spotting settings.</summary>
    public static LogMelExtractor CreateExtractor() => new();

    /// <summary>Turns natural-log mel energies into int8 feature codes (see the class summary).</summary>
    /// <param name="logMel">Values from <see cref="LogMelExtractor.Compute"/>.</param>
    /// <returns>One code per value.</returns>
    public static sbyte[] Quantize(ReadOnlySpan<float> logMel)
    {
        var codes = new sbyte[logMel.Length];
        double k = Math.ScaleB(1.0, Exponent) / Scale;
        for (int i = 0; i < logMel.Length; i++)
            codes[i] = (sbyte)Math.Clamp(Math.Floor((logMel[i] - Mean) * k + 0.5), -127, 127);
        return codes;
    }

    /// <summary>The real value of a feature code: <c>code / 2^5</c>.</summary>
    /// <param name="code">The code.</param>
    public static float ToValue(sbyte code) => (float)Math.ScaleB(code, -Exponent);

    /// <summary>The features of one clip of exactly <see cref="ClipSamples"/> samples.</summary>
    /// <param name="extractor">The extractor (<see cref="CreateExtractor"/>).</param>
    /// <param name="clip">The samples.</param>
    /// <returns><see cref="ValuesPerClip"/> codes, row-major [frames, mel bins].</returns>
    public static sbyte[] FromClip(LogMelExtractor extractor, ReadOnlySpan<float> clip)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        if (clip.Length != ClipSamples) throw new ArgumentException($"a clip has {ClipSamples} samples, got {clip.Length}", nameof(clip));
        return Quantize(extractor.Compute(clip));
    }
}
