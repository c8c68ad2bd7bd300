using LingerNet.Cli.CommandLine;
using LingerNet.Data;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary><c>linger subset</c>: makes the class-balanced Fashion-MNIST subset bundled in data/.</summary>
internal sealed class SubsetCommand : ICliCommand
{
    public string Name => "subset";

    public string Summary => "Write a class-balanced Fashion-MNIST subset (how data/fashion-mnist-subset was made).";

    public string Details => "Takes the first N samples of every class of each split, in file order, and writes gzipped IDX files.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("from", "DIR", $"the full data set (default {FashionMnist.DebianFolder})"),
        new("out", "DIR", "where to write the four .gz files (required)"),
        new("train-per-class", "N", "training samples per class (default 600)"),
        new("test-per-class", "N", "test samples per class (default 100)"),
    ];

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        var from = args.GetString("from") ?? FashionMnist.DebianFolder;
        var output = args.GetString("out") ?? throw new UsageException("'subset' needs --out DIR.");
        int train = args.GetInt("train-per-class", 600, min: 1);
        int test = args.GetInt("test-per-class", 100, min: 1);
        FashionMnistSubset.Create(from, output, train, test);
        console.MarkupLine($"wrote [blue]{Markup.Escape(Path.GetFullPath(output))}[/]: {train * FashionMnist.ClassCount} train, {test * FashionMnist.ClassCount} test images");
        return 0;
    }
}
