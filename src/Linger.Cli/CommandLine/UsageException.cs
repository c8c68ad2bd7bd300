namespace LingerNet.Cli.CommandLine;

/// <summary>The command line itself is wrong (unknown command or option, missing or malformed value).</summary>
internal sealed class UsageException(string message) : Exception(message);
