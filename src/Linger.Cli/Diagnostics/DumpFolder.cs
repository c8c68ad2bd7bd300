using System.Globalization;
using LingerNet.Runtime;

namespace LingerNet.Cli.Diagnostics;

/// <summary>
/// The tensor files of one dump folder, in the order they were produced when that can be known:
/// from the folder's <see cref="ThinkerDump.OrderFileName"/> (written by Linger.NET's runtime), else from a
/// model's execution order, else by file write time (thinker and linger write files as the ops run).
/// </summary>
internal sealed class DumpFolder
{
    private DumpFolder(string path, IReadOnlyList<DumpFile> files, string orderSource)
    {
        Path = path;
        Files = files;
        OrderSource = orderSource;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The tensor files, in production order as far as known.</summary>
    public IReadOnlyList<DumpFile> Files { get; }

    /// <summary>Where the order came from, for the report (e.g. "order.txt", "model m.onnx", "file times").</summary>
    public string OrderSource { get; }

    /// <summary>Reads the file list of <paramref name="path"/> (not the values).</summary>
    /// <param name="path">The dump folder.</param>
    /// <param name="executionOrder">Tensor names in execution order (e.g. from a model), used when the folder has no order file.</param>
    /// <param name="executionOrderSource">A name for that order, for the report.</param>
    /// <exception cref="LingerException">The folder does not exist or holds no tensor files.</exception>
    public static DumpFolder Read(string path, IReadOnlyList<string>? executionOrder = null, string? executionOrderSource = null)
    {
        if (!Directory.Exists(path)) throw new LingerException($"dump folder '{path}' does not exist.");
        var files = Directory.GetFiles(path, "*.txt")
            .Where(f => System.IO.Path.GetFileName(f) != ThinkerDump.OrderFileName)
            .Select(Parse)
            .ToList();
        if (files.Count == 0) throw new LingerException($"dump folder '{path}' holds no tensor files (<name>##_<d0>_<d1>….txt).");
        var duplicate = files.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new LingerException($"dump folder '{path}': tensor '{duplicate.Key}' has several files ({string.Join(", ", duplicate.Select(f => System.IO.Path.GetFileName(f.Path)))}).");

        // Files no order mentions go last, by write time then name, so that nothing is silently skipped.
        var byTime = files.OrderBy(f => File.GetLastWriteTimeUtc(f.Path)).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        string orderFile = System.IO.Path.Combine(path, ThinkerDump.OrderFileName);
        IReadOnlyList<string>? order = null;
        string source = "file write times";
        if (File.Exists(orderFile))
        {
            order = File.ReadAllLines(orderFile).Where(l => l.Length > 0).Select(l => Parse(System.IO.Path.Combine(path, l)).Name).ToList();
            source = ThinkerDump.OrderFileName;
        }
        else if (executionOrder is not null)
        {
            order = executionOrder.Select(n => n.Replace('/', '_').Replace('\\', '_')).ToList();
            source = executionOrderSource ?? "execution order";
        }
        if (order is null) return new DumpFolder(path, byTime, source);
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in order) rank.TryAdd(n, rank.Count);
        var ordered = byTime.Select((f, i) => (File: f, Key: rank.TryGetValue(f.Name, out int r) ? r : order.Count + i))
            .OrderBy(x => x.Key).Select(x => x.File).ToList();
        return new DumpFolder(path, ordered, source);
    }

    /// <summary>Reads one tensor file: one value per line (blank lines ignored), integers or decimals with '.'.</summary>
    /// <exception cref="LingerException">A line is not a number (names the file and line).</exception>
    public static DumpValues ReadValues(DumpFile file)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"{file.Path}: cannot read: {e.Message}", e);
        }
        var longs = new List<long>(lines.Length);
        var doubles = new List<double>(lines.Length);
        bool integer = true;
        for (int i = 0; i < lines.Length; i++)
        {
            var text = lines[i].AsSpan().Trim();
            if (text.IsEmpty) continue;
            if (integer && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
            {
                longs.Add(l);
                doubles.Add(l);
                continue;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                throw new LingerException($"{file.Path}:{i + 1}: '{text}' is not a number.");
            integer = false;
            doubles.Add(d);
        }
        return new DumpValues(doubles.ToArray(), integer ? longs.ToArray() : null);
    }

    private static DumpFile Parse(string path)
    {
        string stem = System.IO.Path.GetFileNameWithoutExtension(path);
        int hash = stem.IndexOf("##", StringComparison.Ordinal);
        if (hash < 0) return new DumpFile(stem, path, null);
        string name = stem[..hash];
        var parts = stem[(hash + 2)..].Split('_', StringSplitOptions.RemoveEmptyEntries);
        var dims = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]))
                return new DumpFile(name, path, null);
        return new DumpFile(name, path, dims);
    }
}
