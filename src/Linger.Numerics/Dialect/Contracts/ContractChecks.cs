namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>
/// The checks every node gets from its <see cref="OpContract"/>, wherever it is read (runtime loader,
/// exporter, Init): input and output counts, attribute presence and types, power-of-two scales, element
/// types, scale agreement between producers and the attributes that state them, output types and
/// scales, and the venus limits. Problems are collected as messages that start with the node's place.
/// </summary>
public static class ContractChecks
{
    /// <summary>Counts, omitted required inputs, required attributes and their types, power-of-two scales.</summary>
    /// <param name="contract">The op's contract.</param>
    /// <param name="attributes">The node's attributes (their <see cref="AttributeSet.Where"/> names the node).</param>
    /// <param name="inputPresent">For each input slot of the node, whether it is given (false: an empty name).</param>
    /// <param name="outputCount">Number of outputs of the node.</param>
    /// <param name="problems">Collects the problems.</param>
    public static void CheckStructure(OpContract contract, AttributeSet attributes, IReadOnlyList<bool> inputPresent, int outputCount, List<string> problems)
    {
        string where = attributes.Where;
        int n = inputPresent.Count;
        while (n > 0 && !inputPresent[n - 1]) n--;
        if (n < contract.MinInputs || n > contract.MaxInputs)
        {
            string range = contract.MaxInputs == int.MaxValue ? $"at least {contract.MinInputs}"
                : contract.MinInputs == contract.MaxInputs ? $"{contract.MinInputs}" : $"{contract.MinInputs} to {contract.MaxInputs}";
            problems.Add($"{where}: expects {range} inputs ({string.Join(", ", contract.Inputs.Select(PortLabel))}), got {n}.");
        }
        // Only the ports the op has: extra inputs are reported above (a Constant with inputs has no port to look up).
        for (int i = 0; i < Math.Min(n, Math.Min(inputPresent.Count, contract.MaxInputs)); i++)
            if (!inputPresent[i] && !contract.InputPort(i).Optional)
                problems.Add($"{where}: input {i} ({contract.InputPort(i).Name}) is required but its name is empty.");
        int requiredOutputs = contract.Outputs.Count(o => !o.Optional);
        if (outputCount < Math.Max(1, requiredOutputs) || outputCount > contract.Outputs.Count)
            problems.Add($"{where}: expects {(requiredOutputs == contract.Outputs.Count ? $"{requiredOutputs}" : $"{requiredOutputs} to {contract.Outputs.Count}")} outputs, got {outputCount}.");
        foreach (var a in contract.Attributes)
        {
            var kind = attributes.KindOf(a.Name);
            if (kind is null)
            {
                if (a.Required) problems.Add($"{where}: required attribute '{a.Name}' is missing.");
                continue;
            }
            bool intAsFloat = a.Kind == AttributeKind.Float && kind == AttributeKind.Int;
            if (kind != a.Kind && !intAsFloat)
            {
                problems.Add($"{where}: attribute '{a.Name}' must be {a.Kind}, is {kind}.");
                continue;
            }
            if (a.IsScale) Try(() => attributes.Scale(a.Name), problems);
        }
        foreach (var name in attributes.Names.Where(IsIndexedScale(contract)))
            Try(() => attributes.Scale(name), problems);
    }

    /// <summary>
    /// Checks the element type of every given input (<c>-1</c> marks an omitted one) and returns the output
    /// types (<c>-1</c> where a rule cannot decide, after a reported problem).
    /// </summary>
    public static int[] CheckTypes(OpContract contract, AttributeSet attributes, IReadOnlyList<int> inputTypes, List<string> problems)
    {
        for (int i = 0; i < inputTypes.Count; i++)
        {
            if (inputTypes[i] < 0) continue;
            var port = contract.InputPort(i);
            int[] allowed;
            try { allowed = port.Types.Allowed(attributes, inputTypes); }
            catch (LingerException e) { problems.Add(e.Message); continue; }
            if (!allowed.Contains(inputTypes[i]))
                problems.Add($"{attributes.Where}: input {i} ({port.Name}) is {OnnxDataTypes.Name(inputTypes[i])}, must be {string.Join(" or ", allowed.Select(OnnxDataTypes.Name))}.");
        }
        var outputs = new int[contract.Outputs.Count];
        for (int k = 0; k < outputs.Length; k++)
        {
            try
            {
                var allowed = contract.Outputs[k].Types.Allowed(attributes, inputTypes);
                outputs[k] = allowed.Length == 1 ? allowed[0] : -1;
            }
            catch (LingerException e)
            {
                problems.Add(e.Message);
                outputs[k] = -1;
            }
        }
        return outputs;
    }

    /// <summary>
    /// Checks that every integer input with a known scale is at the scale its attribute states, and
    /// returns the output scale exponents (null for float outputs or unknown scales).
    /// </summary>
    public static int?[] CheckScales(OpContract contract, AttributeSet attributes, IReadOnlyList<int?> inputScales, IReadOnlyList<string> inputNames, List<string> problems)
    {
        for (int i = 0; i < inputScales.Count; i++)
        {
            if (inputScales[i] is not int q) continue;
            if (contract.InputPort(i).Scale is not ScaleRule.FromAttribute rule) continue;
            int index = Math.Max(0, i - (contract.Inputs.Count - 1));
            string name = rule.Indexed ? rule.Name + index.ToString(System.Globalization.CultureInfo.InvariantCulture) : rule.Name;
            if (!attributes.Has(name)) continue;
            Pow2Scale expected;
            try { expected = attributes.Scale(name); }
            catch (LingerException) { continue; } // reported by CheckStructure
            if (expected.Exponent != q)
                problems.Add($"{attributes.Where}: input '{(i < inputNames.Count ? inputNames[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}' is produced at scale 2^{q} but attribute '{name}' says {expected} ({expected.Value}).");
        }
        var outputs = new int?[contract.Outputs.Count];
        for (int k = 0; k < outputs.Length; k++)
        {
            try
            {
                outputs[k] = contract.Outputs[k].Scale switch
                {
                    ScaleRule.FromAttribute a when attributes.Has(a.Name) => attributes.Scale(a.Name).Exponent,
                    ScaleRule.FromAttribute { Fallback: { } f } when attributes.Has(f) => attributes.Scale(f).Exponent,
                    ScaleRule.SameAsInput s => s.Input < inputScales.Count ? inputScales[s.Input] : null,
                    ScaleRule.Fixed f => f.Exponent,
                    _ => null,
                };
            }
            catch (LingerException e)
            {
                problems.Add(e.Message);
            }
        }
        return outputs;
    }

    /// <summary>The venus rules the node breaks, each as "where: what".</summary>
    public static List<string> VenusProblems(OpContract contract, NodeView node)
    {
        var problems = new List<string>();
        foreach (var limit in contract.VenusLimits)
        {
            string? why;
            try { why = limit.Check(node); }
            catch (LingerException e) { why = e.Message; }
            if (why is not null) problems.Add($"{node.Where}: {why} (venus: {limit.Rule}).");
        }
        return problems;
    }

    private static Func<string, bool> IsIndexedScale(OpContract contract)
    {
        var prefixes = contract.Inputs.Select(p => p.Scale).OfType<ScaleRule.FromAttribute>().Where(r => r.Indexed).Select(r => r.Name).ToArray();
        return name => prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
    }

    private static string PortLabel(PortContract p) => p.Optional ? $"[{p.Name}]" : p.Variadic ? p.Name + "..." : p.Name;

    private static void Try(Action a, List<string> problems)
    {
        try { a(); }
        catch (LingerException e) { problems.Add(e.Message); }
    }
}
