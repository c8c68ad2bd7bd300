namespace LingerNet.Cli.Verification;

/// <summary>One differing output element found by <c>linger verify</c>.</summary>
/// <param name="Sample">The sample number k.</param>
/// <param name="Output">The graph output name.</param>
/// <param name="Index">The flat (row-major) element index.</param>
/// <param name="Expected">The reference value (or, in self-consistency mode, the float-feed value).</param>
/// <param name="Actual">The runtime's value (or the int8-feed value).</param>
internal sealed record Mismatch(int Sample, string Output, int Index, string Expected, string Actual);
