using System.Globalization;

namespace LingerNet.Cli.CommandLine;

/// <summary>
/// The options of one command, parsed against its <see cref="OptionSpec"/>s. Accepts
/// <c>--name value</c> and <c>--name=value</c>, and the positional arguments the command declares
/// (e.g. <c>MODEL.onnx</c>, or <c>MODEL.onnx WAV</c>: one per space-separated placeholder); rejects unknown options, unexpected or missing positional arguments,
/// repeated options and missing values with a <see cref="UsageException"/>.
/// </summary>
internal sealed class ParsedArgs
{
    private readonly Dictionary<string, string?> _values;
    private readonly string _command;

    private ParsedArgs(string command, Dictionary<string, string?> values, List<string> positionals)
    {
        _command = command;
        _values = values;
        Positionals = positionals;
    }

    /// <summary>The first positional argument (null when the command takes none).</summary>
    public string? Positional => Positionals.Count > 0 ? Positionals[0] : null;

    /// <summary>All positional arguments, in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <param name="command">The command name, for messages.</param>
    /// <param name="args">The arguments after the command name.</param>
    /// <param name="specs">The options the command accepts.</param>
    /// <param name="positional">The placeholder of the one required positional argument (e.g. "MODEL.onnx"), or null for none.</param>
    public static ParsedArgs Parse(string command, IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs, string? positional = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var placeholders = positional?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var given = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (given.Count < placeholders.Length && !arg.StartsWith("--", StringComparison.Ordinal))
            {
                given.Add(arg);
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException($"unexpected argument '{arg}' for '{command}'.");
            var name = arg[2..];
            string? inline = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            var spec = specs.FirstOrDefault(s => s.Name == name)
                ?? throw new UsageException($"unknown option '--{name}' for '{command}'.");
            if (values.ContainsKey(name)) throw new UsageException($"option '--{name}' is given twice.");
            if (spec.IsFlag)
            {
                if (inline is not null) throw new UsageException($"option '--{name}' takes no value.");
                values[name] = null;
                continue;
            }
            if (inline is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"option '--{name}' needs a value ({spec.Value}).");
                inline = args[++i];
            }
            values[name] = inline;
        }
        if (given.Count < placeholders.Length)
            throw new UsageException($"'{command}' needs {string.Join(' ', placeholders.Skip(given.Count))}.");
        return new ParsedArgs(command, values, given);
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? GetString(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public int GetInt(string name, int defaultValue, int min = int.MinValue)
    {
        if (!_values.TryGetValue(name, out var raw) || raw is null) return defaultValue;
        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            throw new UsageException($"option '--{name}' of '{_command}' needs an integer, got '{raw}'.");
        if (v < min) throw new UsageException($"option '--{name}' of '{_command}' must be at least {min}, got {v}.");
        return v;
    }

    public double GetDouble(string name, double defaultValue)
    {
        if (!_values.TryGetValue(name, out var raw) || raw is null) return defaultValue;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new UsageException($"option '--{name}' of '{_command}' needs a number, got '{raw}'.");
        return v;
    }
}
