namespace LingerNet.Samples;

/// <summary>Settings of <see cref="QuickstartPipeline.Run"/>. The defaults reach ≥ 0.88 float accuracy on
/// the full Fashion-MNIST and finish within a few minutes on the bundled subset on 2 cores.</summary>
public sealed class QuickstartOptions
{
    /// <summary>The default number of float epochs.</summary>
    public const int DefaultEpochs = 4;

    /// <summary>The default number of QAT fine-tuning epochs.</summary>
    public const int DefaultQatEpochs = 1;

    /// <summary>The default output directory.</summary>
    public const string DefaultOutputDirectory = "quickstart-out";

    /// <summary>The directory with the four Fashion-MNIST IDX files; null means the bundled subset.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Float training epochs.</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>QAT fine-tuning epochs (after <c>Linger.Init</c>, at a tenth of the learning rate).</summary>
    public int QatEpochs { get; init; } = DefaultQatEpochs;

    /// <summary>Where report.json and the checkpoints go (created when missing).</summary>
    public string OutputDirectory { get; init; } = DefaultOutputDirectory;

    /// <summary>Seeds the weights (torch.random.manual_seed) and the batch shuffles.</summary>
    public int Seed { get; init; }

    /// <summary>Samples per step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam's learning rate for float training; QAT uses a tenth of it.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Channels of the first block of <see cref="QuickstartNet"/>.</summary>
    public int Width { get; init; } = 16;

    /// <summary>Skip the constraint stage (Linger.Constrain): train plain float, then Init (linger's direct flow).</summary>
    public bool SingleStage { get; init; }
}
