using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LingerNet.Cli.Verification;

/// <summary>
/// The on-disk format of <c>linger verify</c> (docs/cli.md), thinker's dump style: one value per line,
/// one file per sample and tensor, in a flat folder.
/// <list type="bullet">
/// <item><c>input_&lt;k&gt;.txt</c>: the input of sample k in the declared shape, row-major: float values when the graph
/// input is float32 (the leading Quant quantizes them), int8 values when the graph input is int8.</item>
/// <item><c>input_&lt;k&gt;.int8.txt</c>: alternatively, int8 values at the leading Quant's scale (the Quant is skipped).</item>
/// <item><c>output_&lt;k&gt;.txt</c>: the expected integers of the output (int8 before the trailing Dequant); for a model
/// with several outputs, <c>output_&lt;k&gt;_&lt;j&gt;.txt</c> for output j in declaration order.</item>
/// </list>
/// k is a non-negative decimal integer; samples are processed in increasing k.
/// </summary>
internal static partial class ReferenceSet
{
    [GeneratedRegex(@"^output_(\d+)(?:_\d+)?\.txt$")]
    private static partial Regex OutputFile();

    [GeneratedRegex(@"^input_(\d+)(?:\.int8)?\.txt$")]
    private static partial Regex InputFile();

    public static string InputPath(string dir, int k) => Path.Combine(dir, $"input_{k}.txt");

    public static string Int8InputPath(string dir, int k) => Path.Combine(dir, $"input_{k}.int8.txt");

    public static string OutputPath(string dir, int k, int output, int outputCount) =>
        Path.Combine(dir, outputCount == 1 ? $"output_{k}.txt" : $"output_{k}_{output}.txt");

    /// <summary>The sample numbers that have an output file, ascending.</summary>
    public static List<int> OutputSamples(string dir) => Samples(dir, OutputFile());

    /// <summary>The sample numbers that have an input file, ascending.</summary>
    public static List<int> InputSamples(string dir) => Samples(dir, InputFile());

    private static List<int> Samples(string dir, Regex pattern)
    {
        var set = new SortedSet<int>();
        foreach (var f in Directory.EnumerateFiles(dir))
        {
            var m = pattern.Match(Path.GetFileName(f));
            if (m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int k)) set.Add(k);
        }
        return [.. set];
    }

    /// <summary>Reads float values, one per line (blank lines ignored).</summary>
    /// <exception cref="LingerException">The file is missing or a line is not a finite number (file and line named).</exception>
    public static float[] ReadFloats(string path) =>
        ReadLines(path, static (ReadOnlySpan<byte> s, out float v) =>
            float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && float.IsFinite(v),
            "is not a number");

    /// <summary>Reads integers, one per line (blank lines ignored), checked against [min, max].</summary>
    /// <exception cref="LingerException">The file is missing or a line is not an integer in range (file and line named).</exception>
    public static long[] ReadIntegers(string path, long min, long max) =>
        ReadLines(path, (ReadOnlySpan<byte> s, out long v) =>
            long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v) && v >= min && v <= max,
            $"is not an integer in [{min}, {max}]");

    /// <summary>Reads int8 values, one per line.</summary>
    public static sbyte[] ReadInt8(string path) => ReadIntegers(path, sbyte.MinValue, sbyte.MaxValue).Select(v => (sbyte)v).ToArray();

    /// <summary>Writes float values one per line, round-trippable ("R").</summary>
    public static void WriteFloats(string path, ReadOnlySpan<float> values)
    {
        var sb = new StringBuilder(values.Length * 10);
        foreach (float v in values) sb.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Writes integers one per line.</summary>
    public static void WriteIntegers(string path, IEnumerable<long> values)
    {
        var sb = new StringBuilder();
        foreach (long v in values) sb.Append(v.ToString(CultureInfo.InvariantCulture)).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }

    private delegate bool Utf8Parser<T>(ReadOnlySpan<byte> text, out T value);

    /// <summary>
    /// Parses one value per line straight from the file's UTF-8 bytes (no string per line: verify reads
    /// thousands of files), trimming ASCII white space (so CRLF works) and skipping blank lines and a BOM.
    /// </summary>
    private static T[] ReadLines<T>(string path, Utf8Parser<T> parse, string complaint)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot read '{path}': {e.Message}", e);
        }
        ReadOnlySpan<byte> rest = bytes;
        if (rest.StartsWith("\uFEFF"u8)) rest = rest[3..];
        var values = new List<T>(Math.Max(16, bytes.Length / 8));
        for (int line = 1; !rest.IsEmpty; line++)
        {
            int end = rest.IndexOf((byte)'\n');
            var text = (end < 0 ? rest : rest[..end]).Trim(" \t\r"u8);
            rest = end < 0 ? default : rest[(end + 1)..];
            if (text.IsEmpty) continue;
            if (!parse(text, out T v))
                throw new LingerException($"{path}:{line}: '{Encoding.UTF8.GetString(text)}' {complaint}.");
            values.Add(v);
        }
        return [.. values];
    }
}
