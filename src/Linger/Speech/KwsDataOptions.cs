namespace LingerNet.Speech;

/// <summary>Settings of <see cref="KwsDataGenerator"/>.</summary>
public sealed class KwsDataOptions
{
    /// <summary>The default number of training clips per class.</summary>
    public const int DefaultPerClass = 200;

    /// <summary>The folder to write (created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Seeds every random choice; the same seed gives the same clips.</summary>
    public int Seed { get; init; }

    /// <summary>Training clips per class.</summary>
    public int PerClass { get; init; } = DefaultPerClass;

    /// <summary>Test clips per class; null means a quarter of <see cref="PerClass"/> (at least 4).</summary>
    public int? TestPerClass { get; init; }

    /// <summary>Clips made at the same time (each runs espeak-ng and sox); default: the processor count.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Keep the WAV files (<c>wav/SPLIT/CLASS/NNNN.wav</c>); otherwise only the features are written.</summary>
    public bool KeepWavs { get; init; } = true;

    /// <summary>How long one espeak-ng or sox call may take.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The test clips per class actually used.</summary>
    public int EffectiveTestPerClass => TestPerClass ?? Math.Max(4, PerClass / 4);
}
