namespace LingerNet.Speech;

/// <summary>Mono audio as float samples in [-1, 1) (a 16-bit sample <c>s</c> is <c>s / 32768</c>) and its sample rate.</summary>
/// <param name="Samples">The samples, one channel.</param>
/// <param name="SampleRate">Samples per second.</param>
public sealed record PcmAudio(float[] Samples, int SampleRate)
{
    /// <summary>The length in seconds.</summary>
    public double Seconds => SampleRate == 0 ? 0 : (double)Samples.Length / SampleRate;
}
