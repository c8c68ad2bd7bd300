using Spectre.Console;

namespace LingerNet.Cli;

/// <summary>Entry point of the <c>linger</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line; see <c>linger --help</c>. Exit codes: 0 success, 1 internal error, 2 user error.</summary>
    public static int Main(string[] args)
    {
        LingerNet.Platform.NativeTuning.Apply();
        var errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        // Redirected output (a file, a pipe, CI logs) has no terminal width; Spectre then assumes 80
        // columns and wraps the tables badly. Give it room instead.
        if (Console.IsOutputRedirected) AnsiConsole.Console.Profile.Width = 160;
        return CliApp.Run(args, AnsiConsole.Console, errors);
    }
}
