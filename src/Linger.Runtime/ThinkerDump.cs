using System.Globalization;
using System.Text;

namespace LingerNet.Runtime;

/// <summary>
/// Writes tensors in thinker's dump text format (thinker-spec §1.3, <c>thinker_debug.h::write_file</c>):
/// one value per line, <c>%d</c> for integer tensors and <c>%.6f</c> for float; one file per tensor named
/// <c>&lt;tensor&gt;##_&lt;d0&gt;_&lt;d1&gt;….txt</c> with <c>/</c> in the name replaced by <c>_</c>.
/// <see cref="Write"/> also writes <see cref="OrderFileName"/>, which thinker does not: the file names in the
/// order the tensors were produced, so that a diff can walk two dumps in execution order.
/// </summary>
public static class ThinkerDump
{
    /// <summary>
    /// The index file beside the tensor files: one tensor file name per line, in the order the tensors were
    /// produced (graph inputs, then node outputs in execution order). It has no <c>##</c>, so it never collides
    /// with a tensor file.
    /// </summary>
    public const string OrderFileName = "order.txt";

    /// <summary>The file name thinker uses for a tensor.</summary>
    public static string FileName(RuntimeTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var sb = new StringBuilder(tensor.Name.Replace('/', '_').Replace('\\', '_'));
        sb.Append("##");
        foreach (int d in tensor.Shape) sb.Append('_').Append(d.ToString(CultureInfo.InvariantCulture));
        return sb.Append(".txt").ToString();
    }

    /// <summary>The text of one tensor: one value per line.</summary>
    public static string Format(RuntimeTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var sb = new StringBuilder(tensor.Length * 4);
        if (tensor.Data is float[] f)
            foreach (float v in f) sb.Append(v.ToString("F6", CultureInfo.InvariantCulture)).Append('\n');
        else
            for (int i = 0; i < tensor.Length; i++) sb.Append(tensor.GetInteger(i).ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes every tensor to <paramref name="folder"/> (created if missing), and the <see cref="OrderFileName"/> index.</summary>
    /// <exception cref="LingerException">The folder cannot be written.</exception>
    public static void Write(IEnumerable<RuntimeTensor> tensors, string folder)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        try
        {
            Directory.CreateDirectory(folder);
            var order = new StringBuilder();
            foreach (var t in tensors)
            {
                string name = FileName(t);
                File.WriteAllText(Path.Combine(folder, name), Format(t));
                order.Append(name).Append('\n');
            }
            File.WriteAllText(Path.Combine(folder, OrderFileName), order.ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new LingerException($"cannot write the dump to '{folder}': {e.Message}", e);
        }
    }
}
