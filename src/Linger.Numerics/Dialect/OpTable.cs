using System.Text;
using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect;

/// <summary>
/// Writes the op table (<c>docs/ops.md</c>) from the op contracts: one section per op with its inputs,
/// outputs, attributes, venus rules and status. The table is generated, never edited by hand.
/// </summary>
public static class OpTable
{
    /// <summary>The Markdown of the op table.</summary>
    /// <param name="contracts">The ops, in order (normally <see cref="OpCatalog.All"/>).</param>
    /// <param name="exported">Whether Linger's exporter writes the op.</param>
    /// <param name="executed">Whether the Linger runtime executes the op.</param>
    public static string Markdown(IEnumerable<OpContract> contracts, Func<OpContract, bool> exported, Func<OpContract, bool> executed)
    {
        var list = contracts.ToList();
        var sb = new StringBuilder();
        sb.AppendLine("# Ops of the thinker dialect");
        sb.AppendLine();
        sb.AppendLine("Generated from the op contracts in `src/Linger.Numerics/Dialect/Ops` by `linger ops --markdown`; do not edit by hand");
        sb.AppendLine("(a test fails when this file is stale). Types: int(bits) is int8/int16/int32 by the bit attribute. Venus rules are");
        sb.AppendLine("enforced by `Linger.Init`, by `Linger.Export` and by the runtime loader for `ChipTarget.Venus`; `ChipTarget.Generic`");
        sb.AppendLine("runs linger's intended semantics instead. One rule holds for every op on venus: no output may be empty (a slice or");
        sb.AppendLine("split that selects nothing exports and runs for `ChipTarget.Generic` only).");
        sb.AppendLine();
        sb.AppendLine("| op | domain | export | runtime | venus rules |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var c in list)
            sb.AppendLine($"| [{c.OpType}](#{Anchor(c)}) | {(c.Domain.Length == 0 ? "standard" : c.Domain)} | {Mark(exported(c))} | {Mark(executed(c))} | {c.VenusLimits.Count} |");
        foreach (var c in list)
        {
            sb.AppendLine();
            sb.AppendLine($"## {c.QualifiedName}");
            sb.AppendLine();
            sb.AppendLine(c.Summary);
            if (c.Reference.Length > 0)
            {
                sb.AppendLine();
                sb.AppendLine($"Reference: {c.Reference}.");
            }
            sb.AppendLine();
            sb.AppendLine($"Status: export {Mark(exported(c))}, runtime {Mark(executed(c))}.");
            sb.AppendLine();
            sb.AppendLine("| port | name | types | scale | notes |");
            sb.AppendLine("|---|---|---|---|---|");
            for (int i = 0; i < c.Inputs.Count; i++) sb.AppendLine(Port($"input {i}", c.Inputs[i]));
            for (int i = 0; i < c.Outputs.Count; i++) sb.AppendLine(Port($"output {i}", c.Outputs[i]));
            if (c.Attributes.Count > 0)
            {
                sb.AppendLine();
                sb.AppendLine("| attribute | type | required | meaning |");
                sb.AppendLine("|---|---|---|---|");
                foreach (var a in c.Attributes) sb.AppendLine($"| `{a.Name}` | {a.Kind.ToString().ToLowerInvariant()} | {(a.Required ? "yes" : "no")} | {Escape(a.Meaning)} |");
            }
            if (c.VenusLimits.Count > 0)
            {
                sb.AppendLine();
                sb.AppendLine("Venus rules:");
                foreach (var l in c.VenusLimits) sb.AppendLine($"- {l.Rule}");
            }
        }
        return sb.ToString();
    }

    private static string Port(string which, PortContract p)
    {
        var notes = new List<string>();
        if (p.Optional) notes.Add("optional");
        if (p.Constant) notes.Add("constant");
        if (p.Variadic) notes.Add("variadic");
        notes.Add(Escape(p.Meaning));
        return $"| {which} | `{p.Name}` | {Escape(p.Types.Describe())} | {Escape(p.Scale?.Describe() ?? "")} | {string.Join("; ", notes)} |";
    }

    private static string Mark(bool yes) => yes ? "yes" : "—";

    private static string Anchor(OpContract c) => c.QualifiedName.ToLowerInvariant().Replace("::", "", StringComparison.Ordinal);

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);
}
