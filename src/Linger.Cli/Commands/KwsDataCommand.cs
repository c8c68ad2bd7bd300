using LingerNet.Cli.CommandLine;
using LingerNet.Data;
using LingerNet.Speech;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary><c>linger kws-data</c>: synthesises the keyword-spotting data set with espeak-ng and sox.</summary>
internal sealed class KwsDataCommand : ICliCommand
{
    public string Name => "kws-data";

    public string Summary => "Synthesise a keyword-spotting data set with espeak-ng and sox (WAVs + log-mel features).";

    public string Details =>
        $"Speaks {KwsVocabulary.Keywords.Count} keywords ({string.Join(' ', KwsVocabulary.Keywords)}), an 'unknown' class of other words and a\n" +
        "'silence' class of background noise, with varied espeak-ng voices, speed, pitch and amplitude and sox tempo/pitch/reverb,\n" +
        "plus noise at a random SNR; 1 s clips at 16 kHz. Test clips use voice variants that training never hears.\n" +
        "Writes OUT/wav/SPLIT/CLASS/*.wav, the feature set read by 'linger kws --data OUT', manifest.csv and generation.json.\n" +
        "Needs espeak-ng and sox on PATH (Debian/Ubuntu: sudo apt-get install espeak-ng sox); it installs nothing itself.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("out", "DIR", "output folder (required)"),
        new("seed", "N", "seed of every random choice (default 0); same seed, same data"),
        new("per-class", "N", $"training clips per class (default {KwsDataOptions.DefaultPerClass})"),
        new("test-per-class", "N", "test clips per class (default per-class / 4)"),
        new("features-only", null, "do not keep the WAV files"),
    ];

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        var output = args.GetString("out") ?? throw new UsageException("'kws-data' needs --out DIR.");
        int perClass = args.GetInt("per-class", KwsDataOptions.DefaultPerClass, min: 1);
        var options = new KwsDataOptions
        {
            OutputDirectory = output,
            Seed = args.GetInt("seed", 0),
            PerClass = perClass,
            TestPerClass = args.Has("test-per-class") ? args.GetInt("test-per-class", 1, min: 1) : null,
            KeepWavs = !args.Has("features-only"),
        };
        KwsDataGenerator.CheckTools(); // before the progress display, so the hint is the only output
        KwsDataResult? result = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("synthesising clips", maxValue: 1);
                result = KwsDataGenerator.Generate(options, (done, total) =>
                {
                    task.MaxValue = total;
                    task.Value = done;
                });
                task.StopTask();
            });
        var r = result!;
        console.MarkupLine($"wrote [blue]{Markup.Escape(r.Directory)}[/]: {r.TrainClips} train, {r.TestClips} test clips, {KwsVocabulary.ClassNames.Count} classes, {r.Seconds:F1} s");
        console.MarkupLine($"[grey]{Markup.Escape(r.EspeakVersion)}; {Markup.Escape(r.SoxVersion)}[/]");
        console.MarkupLine($"[grey]next:[/] linger kws --data {Markup.Escape(r.Directory)}  ([grey]{KwsDataset.TrainFeaturesFile} etc.[/])");
        return 0;
    }
}
