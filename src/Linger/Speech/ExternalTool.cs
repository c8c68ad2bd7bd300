using System.Diagnostics;

namespace LingerNet.Speech;

/// <summary>Runs a command-line tool with a timeout and turns every failure into a <see cref="LingerException"/>.</summary>
public static class ExternalTool
{
    /// <summary>The full path of an executable found on <c>PATH</c>, or null.</summary>
    /// <param name="name">The executable's name, e.g. <c>sox</c>.</param>
    public static string? FindOnPath(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Runs <paramref name="executable"/> and waits for it.</summary>
    /// <param name="executable">The program (a path or a name on PATH).</param>
    /// <param name="arguments">Its arguments, passed one by one (no shell).</param>
    /// <param name="timeout">How long it may run before it is killed.</param>
    /// <returns>What it wrote to standard output.</returns>
    /// <exception cref="LingerException">It cannot be started, runs longer than <paramref name="timeout"/>
    /// (it is then killed), or exits with a non-zero code (the message quotes its standard error).</exception>
    public static string Run(string executable, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(executable);
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        string commandLine = executable + " " + string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LingerException($"cannot start '{executable}': {e.Message}", e);
        }
        if (process is null) throw new LingerException($"cannot start '{executable}'.");
        using (process)
        {
            // Both streams are read asynchronously: a tool that fills one pipe while we wait on the other would hang.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // it ended between the timeout and the kill
                }
                throw new LingerException($"'{commandLine}' did not finish within {timeout.TotalSeconds:F0} s and was stopped.");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new LingerException($"'{commandLine}' failed with exit code {process.ExitCode}: {stderr.Result.Trim()}");
            return stdout.Result;
        }
    }
}
