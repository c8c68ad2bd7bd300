namespace LingerNet.Cli.CommandLine;

/// <summary>One <c>--name VALUE</c> option (or <c>--name</c> flag when <paramref name="Value"/> is null) of a command.</summary>
/// <param name="Name">The option without dashes, e.g. "epochs".</param>
/// <param name="Value">The placeholder shown in help (e.g. "N", "DIR"), or null for a flag.</param>
/// <param name="Description">One line for the help text.</param>
internal sealed record OptionSpec(string Name, string? Value, string Description)
{
    public bool IsFlag => Value is null;

    public string Usage => IsFlag ? $"--{Name}" : $"--{Name} {Value}";
}
