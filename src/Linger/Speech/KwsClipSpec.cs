namespace LingerNet.Speech;

/// <summary>Everything that decides one generated clip; drawn from the seed before any clip is made.</summary>
/// <param name="Split">"train" or "test".</param>
/// <param name="Index">The clip's number within its split.</param>
/// <param name="Label">The class index.</param>
/// <param name="Word">The spoken word, or null for a background clip.</param>
/// <param name="Voice">The espeak-ng voice (accent+variant).</param>
/// <param name="WordsPerMinute">espeak-ng speed (<c>-s</c>).</param>
/// <param name="Pitch">espeak-ng pitch (<c>-p</c>, 0..99).</param>
/// <param name="Amplitude">espeak-ng amplitude (<c>-a</c>, 100 = default).</param>
/// <param name="Tempo">sox <c>tempo -s</c> factor.</param>
/// <param name="PitchCents">sox <c>pitch</c> shift in cents.</param>
/// <param name="Reverb">sox <c>reverb</c> reverberance (0 = no reverb).</param>
/// <param name="Noise">Noise colour: white, pink, brown, or none.</param>
/// <param name="NoiseDb">Speech clips: signal-to-noise ratio in dB; background clips: noise level in dBFS (RMS).</param>
/// <param name="NoiseOffset">Where in the noise bed the noise segment starts, as a fraction.</param>
/// <param name="Placement">Where in the second the word is placed, as a fraction of the free room.</param>
public sealed record KwsClipSpec(string Split, int Index, int Label, string? Word, string Voice, int WordsPerMinute, int Pitch,
    int Amplitude, double Tempo, int PitchCents, int Reverb, string Noise, double NoiseDb, double NoiseOffset, double Placement);
