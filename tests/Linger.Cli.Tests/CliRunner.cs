using Spectre.Console;

namespace LingerNet.Cli.Tests;

/// <summary>Runs the CLI in-process against a plain-text console and captures everything it writes.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        int code = CliApp.Run(args, console);
        return (code, writer.ToString());
    }
}
