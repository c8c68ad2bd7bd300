using System.Globalization;
using LingerNet.Cli.CommandLine;
using LingerNet.Cli.Speech;
using LingerNet.Runtime;
using LingerNet.Samples;
using LingerNet.Speech;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary><c>linger kws-stream</c>: keyword detections with timestamps in a long WAV file, with the integer runtime.</summary>
internal sealed class KwsStreamCommand : ICliCommand
{
    public string Name => "kws-stream";

    public string Summary => "Find keywords in a WAV file with a model from 'linger kws' (sliding 1 s windows, integer runtime).";

    public string Details =>
        "Computes the log-mel features of the whole file, runs the model on 1 s windows every --hop-ms, averages the\n" +
        "softmax posteriors over the last --smooth windows and reports a keyword when it is the top class above\n" +
        "--threshold (once per second per keyword). Prints the detections with timestamps and the real-time factor\n" +
        "(processing time / audio time). The WAV must be 16-bit PCM at 16 kHz.";

    public string? Positional => "MODEL.onnx WAV";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("classes", "FILE", $"class names, one per line (default: {KwsPipeline.ClassesFileName} beside the model)"),
        new("hop-ms", "N", "milliseconds between windows, a multiple of 10 (default 100)"),
        new("smooth", "N", "windows the posteriors are averaged over (default 3)"),
        new("threshold", "X", "smoothed posterior a keyword needs (default 0.6)"),
        new("trace", null, "also print the top class of every window"),
    ];

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        string modelPath = args.Positionals[0], wavPath = args.Positionals[1];
        if (!File.Exists(modelPath)) throw new LingerException($"model file '{modelPath}' does not exist.");
        string classesFile = args.GetString("classes") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, KwsPipeline.ClassesFileName);
        if (!File.Exists(classesFile))
            throw new LingerException($"class list '{classesFile}' does not exist; pass --classes FILE (linger kws writes {KwsPipeline.ClassesFileName} beside the model).");
        var classes = File.ReadAllLines(classesFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (classes.Length < 2) throw new LingerException($"'{classesFile}' lists {classes.Length} class names; a classifier has at least 2.");
        double threshold = args.GetDouble("threshold", 0.6);
        if (threshold is <= 0 or > 1) throw new UsageException($"option '--threshold' of 'kws-stream' must be in (0, 1], got {threshold.ToString(CultureInfo.InvariantCulture)}.");
        var audio = WavFile.Read(wavPath);
        using var runtime = LingerRuntime.Load(modelPath);
        var streamer = new KeywordStreamer(runtime, classes)
        {
            HopMilliseconds = args.GetInt("hop-ms", 100, min: 1),
            Smooth = args.GetInt("smooth", 3, min: 1),
            Threshold = threshold,
        };
        var r = streamer.Run(audio);
        if (args.Has("trace"))
        {
            foreach (var (t, top, p) in r.Trace) console.WriteLine($"{t,7:F2} s  {top,-8} {p:F3}");
        }
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]keywords in {Markup.Escape(Path.GetFileName(wavPath))}[/]");
        table.AddColumn(new TableColumn("time (s)").RightAligned());
        table.AddColumn("keyword");
        table.AddColumn(new TableColumn("confidence").RightAligned());
        foreach (var d in r.Detections) table.AddRow($"{d.Seconds:F2}", Markup.Escape(d.Keyword), $"{d.Confidence:F3}");
        console.Write(table);
        console.MarkupLine($"{r.Detections.Count} detections in {r.AudioSeconds:F2} s of audio; {r.Windows} windows every {streamer.HopMilliseconds} ms");
        console.MarkupLine($"features {r.FeatureSeconds * 1000:F0} ms + runtime {r.InferenceSeconds * 1000:F0} ms: real-time factor [bold]{r.RealTimeFactor:F4}[/] ({(r.RealTimeFactor > 0 ? 1 / r.RealTimeFactor : 0):F0}× faster than real time)");
        return 0;
    }
}
