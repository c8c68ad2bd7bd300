namespace LingerNet;

/// <summary>What this version of Linger.NET can do with each op of the dialect (for tools and the op table).</summary>
public static class OpSupport
{
    /// <summary>The op types <c>Linger.Export</c> writes (thinker and standard ops alike).</summary>
    public static IReadOnlySet<string> ExportedOpTypes => Export.ExportHandlers.OpTypesWritten;
}
