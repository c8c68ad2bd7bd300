namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>
/// One rule of the venus chip for an op (a packer assertion or a chip defect, thinker-spec §3.7 and
/// chip-facts.md): its text for the op table and its check. The check returns null when the node
/// obeys the rule, or what is wrong (the caller prefixes where, and the fix when it knows one). A check
/// that needs an input shape that is not known yet (at Init) passes.
/// </summary>
/// <param name="Rule">The rule as one line, e.g. "kernel 1..5".</param>
/// <param name="Check">Returns null, or the violation.</param>
public sealed record VenusLimit(string Rule, Func<NodeView, string?> Check);
