namespace LingerNet.Speech;

/// <summary>
/// The words and voices of the synthetic keyword-spotting set: ten keywords (the command words of Google's
/// Speech Commands), an "unknown" class spoken from other words, and a "silence" class of background noise.
/// Voices are espeak-ng accents combined with voice variants (<c>en-us+m3</c>); the test split uses variants
/// that training never hears, so test accuracy measures generalisation to new speakers.
/// </summary>
public static class KwsVocabulary
{
    /// <summary>The name of the class of other words.</summary>
    public const string UnknownClass = "unknown";

    /// <summary>The name of the background/silence class.</summary>
    public const string SilenceClass = "silence";

    /// <summary>The keywords, which are also their class names.</summary>
    public static IReadOnlyList<string> Keywords { get; } = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"];

    /// <summary>Words spoken for the unknown class.</summary>
    public static IReadOnlyList<string> UnknownWords { get; } =
    [
        "bed", "bird", "cat", "dog", "happy", "house", "marvin", "sheila", "tree", "wow", "zero", "one", "two", "three",
        "four", "five", "six", "seven", "eight", "nine", "learn", "follow", "forward", "backward", "visual", "later",
        "window", "music", "yellow", "under",
    ];

    /// <summary>The class names in label order: the keywords, then <see cref="UnknownClass"/>, then <see cref="SilenceClass"/>.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = [.. Keywords, UnknownClass, SilenceClass];

    /// <summary>espeak-ng English accents; every split uses all of them.</summary>
    public static IReadOnlyList<string> Accents { get; } = ["en-us", "en", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-gb-x-gbclan"];

    /// <summary>Voice variants heard in training.</summary>
    public static IReadOnlyList<string> TrainVariants { get; } = ["m1", "m2", "m4", "m5", "m6", "m7", "f1", "f3", "f4", "klatt", "klatt3", "klatt4", "croak"];

    /// <summary>Voice variants held out for the test split.</summary>
    public static IReadOnlyList<string> TestVariants { get; } = ["m3", "m8", "f2", "f5", "klatt2"];
}
