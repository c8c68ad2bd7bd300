namespace LingerNet.Samples;

/// <summary>Settings of <see cref="KwsPipeline.Run"/>. The defaults finish in a few minutes on 2 cores on the bundled features.</summary>
public sealed class KwsOptions
{
    /// <summary>The default number of float epochs.</summary>
    public const int DefaultEpochs = 12;

    /// <summary>The default number of QAT epochs.</summary>
    public const int DefaultQatEpochs = 3;

    /// <summary>The default output directory.</summary>
    public const string DefaultOutputDirectory = "kws-out";

    /// <summary>A feature set folder (<see cref="Data.KwsDataset"/>); null means the bundled one.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The model (<see cref="KwsModelFactory"/>).</summary>
    public string Model { get; init; } = KwsModelFactory.DefaultModel;

    /// <summary>Float training epochs.</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>QAT epochs (after <c>Linger.Init</c>, at a tenth of the learning rate).</summary>
    public int QatEpochs { get; init; } = DefaultQatEpochs;

    /// <summary>Where the report, the ONNX file and the reference set go.</summary>
    public string OutputDirectory { get; init; } = DefaultOutputDirectory;

    /// <summary>Seeds the weights and the batch shuffles.</summary>
    public int Seed { get; init; }

    /// <summary>Samples per step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam's learning rate for float training; QAT uses a tenth of it.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Training clips move by a random number of frames up to this either way (<see cref="Speech.KwsTimeShift"/>); 0 turns it off.</summary>
    public int TimeShiftFrames { get; init; } = 10;

    /// <summary>Channels of the model.</summary>
    public int Width { get; init; } = 64;

    /// <summary>
    /// libtorch's intra-op threads during the run (restored afterwards); 0 keeps libtorch's default (the core count).
    /// Default 1: on a 2-core machine shared with other busy processes, two OpenMP threads that wait for each other
    /// made a DS-CNN step about 5× slower than one thread (measured: 400 vs 84 ms CPU per step); on an idle machine
    /// one thread costs about 1.5×.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// The hidden-state update of the <c>gru</c> model's GRUInt after Init (ignored by the other models):
    /// <see cref="Numerics.Kernels.GruFormula.Linger"/> (default) fixes the output exponent at 8, where linger's formula
    /// equals the venus GRU; <see cref="Numerics.Kernels.GruFormula.Chip"/> models the chip's formula at the statistics'
    /// output exponent (docs/quantization.md, "GRU on the chip").
    /// </summary>
    public Numerics.Kernels.GruFormula GruFormula { get; init; } = Numerics.Kernels.GruFormula.Linger;
}
