using LingerNet.Cli.CommandLine;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary>One <c>linger</c> sub-command. Add a class per command and list it in <see cref="CliApp"/>.</summary>
internal interface ICliCommand
{
    /// <summary>The word after <c>linger</c>.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>Extra help text shown by <c>linger NAME --help</c> (may be empty).</summary>
    string Details { get; }

    /// <summary>The placeholder of the command's required positional arguments (e.g. "MODEL.onnx"), or null when it takes none.</summary>
    string? Positional => null;

    /// <summary>The options the command accepts (<c>--help</c> is implicit).</summary>
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Runs the command; returns the exit code. Throws <see cref="LingerException"/> or
    /// <see cref="UsageException"/> for user errors.</summary>
    int Run(ParsedArgs args, IAnsiConsole console);
}
