using LingerNet.Cli.CommandLine;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime;
using Spectre.Console;

namespace LingerNet.Cli.Commands;

/// <summary><c>linger ops</c>: the ops of the dialect, from their contracts; <c>--markdown</c> writes docs/ops.md.</summary>
internal sealed class OpsCommand : ICliCommand
{
    public string Name => "ops";

    public string Summary => "List the dialect's ops: export and runtime status, venus rules (--markdown: docs/ops.md).";

    public string Details => "Every op is described once by its contract; this prints the table generated from the contracts.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("markdown", null, "print the full Markdown op table (what docs/ops.md holds)"),
    ];

    /// <summary>The Markdown of docs/ops.md.</summary>
    public static string Markdown()
    {
        var runtime = LingerRuntime.SupportedOps.ToHashSet(StringComparer.Ordinal);
        return OpTable.Markdown(OpCatalog.All, c => OpSupport.ExportedOpTypes.Contains(c.OpType), c => runtime.Contains(c.QualifiedName));
    }

    public int Run(ParsedArgs args, IAnsiConsole console)
    {
        if (args.Has("markdown"))
        {
            console.Profile.Out.Writer.Write(Markdown());
            return 0;
        }
        var runtime = LingerRuntime.SupportedOps.ToHashSet(StringComparer.Ordinal);
        var table = new Table().AddColumns("op", "export", "runtime", "venus rules");
        foreach (var c in OpCatalog.All)
            table.AddRow(Markup.Escape(c.QualifiedName), OpSupport.ExportedOpTypes.Contains(c.OpType) ? "yes" : "—",
                runtime.Contains(c.QualifiedName) ? "yes" : "—", Markup.Escape(string.Join("; ", c.VenusLimits.Select(l => l.Rule))));
        console.Write(table);
        return 0;
    }
}
