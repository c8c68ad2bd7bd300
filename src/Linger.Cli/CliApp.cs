using System.Reflection;
using LingerNet.Cli.CommandLine;
using LingerNet.Cli.Commands;
using Spectre.Console;

namespace LingerNet.Cli;

/// <summary>
/// Dispatches <c>linger COMMAND [options]</c> to the commands and turns errors into exit codes:
/// 0 success, 2 user error (bad arguments, <see cref="LingerException"/>: a red one-line message, no stack
/// trace), 1 internal error (a bug: message and stack trace).
/// </summary>
internal static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitInternalError = 1;
    public const int ExitUserError = 2;

    public static IReadOnlyList<ICliCommand> Commands { get; } = [new QuickstartCommand(), new KwsCommand(), new KwsDataCommand(), new KwsStreamCommand(), new InspectCommand(), new VerifyCommand(), new DiffCommand(), new PlanCommand(), new AnalyseCommand(), new BenchCommand(), new OpsCommand(), new SubsetCommand()];

    public static int Run(string[] args, IAnsiConsole console, IAnsiConsole? errors = null)
    {
        errors ??= console;
        if (args.Length == 0)
        {
            WriteHelp(console);
            return ExitUserError;
        }
        if (args[0] is "--help" or "-h" or "help")
        {
            if (args.Length > 1 && args[0] == "help")
            {
                var target = Find(args[1]);
                if (target is null) return Fail(errors, $"unknown command '{args[1]}'.", usage: true);
                WriteHelp(console, target);
            }
            else
            {
                WriteHelp(console);
            }
            return ExitOk;
        }
        if (args[0] == "--version")
        {
            console.WriteLine($"linger {Version}");
            return ExitOk;
        }
        var command = Find(args[0]);
        if (command is null) return Fail(errors, $"unknown command '{args[0]}'.", usage: true);
        var rest = args.Skip(1).ToArray();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            WriteHelp(console, command);
            return ExitOk;
        }
        try
        {
            var parsed = ParsedArgs.Parse(command.Name, rest, command.Options, command.Positional);
            return command.Run(parsed, console);
        }
        catch (UsageException e)
        {
            return Fail(errors, e.Message, usage: true, command);
        }
        catch (LingerException e)
        {
            return Fail(errors, e.Message, usage: false);
        }
        catch (Exception e)
        {
            errors.MarkupLine($"[red]internal error:[/] {Markup.Escape(e.Message)}");
            errors.WriteException(e, ExceptionFormats.ShortenEverything);
            return ExitInternalError;
        }
    }

    public static void WriteHelp(IAnsiConsole console)
    {
        console.MarkupLine($"[bold]linger[/] {Markup.Escape(Version)} — quantization-aware training for the LISTENAI venus chips");
        console.WriteLine();
        console.WriteLine("usage: linger COMMAND [options]");
        console.WriteLine();
        var grid = new Grid().AddColumn(new GridColumn().PadRight(4)).AddColumn();
        foreach (var c in Commands) grid.AddRow($"  [green]{c.Name}[/]", Markup.Escape(c.Summary));
        console.MarkupLine("commands:");
        console.Write(grid);
        console.WriteLine();
        console.MarkupLine("[grey]linger COMMAND --help[/] shows a command's options; [grey]linger --version[/] the version.");
    }

    public static void WriteHelp(IAnsiConsole console, ICliCommand command)
    {
        string positional = command.Positional is { } p ? " " + Markup.Escape(p) : "";
        console.MarkupLine($"usage: linger [green]{command.Name}[/]{positional} [[options]]");
        console.WriteLine();
        console.WriteLine(command.Summary);
        if (command.Details.Length > 0) console.WriteLine(command.Details);
        console.WriteLine();
        console.MarkupLine("options:");
        var grid = new Grid().AddColumn(new GridColumn().PadRight(4)).AddColumn();
        foreach (var o in command.Options) grid.AddRow($"  {Markup.Escape(o.Usage)}", Markup.Escape(o.Description));
        grid.AddRow("  --help", "show this help");
        console.Write(grid);
    }

    private static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static ICliCommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    private static int Fail(IAnsiConsole errors, string message, bool usage, ICliCommand? command = null)
    {
        errors.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        if (usage)
            errors.MarkupLine(command is null ? "[grey]run 'linger --help' for the commands.[/]" : $"[grey]run 'linger {command.Name} --help' for its options.[/]");
        return ExitUserError;
    }
}
