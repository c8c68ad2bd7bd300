using LingerNet.Checkpoints;
using static TorchSharp.torch;

namespace LingerNet;

public static partial class Linger
{
    private static readonly string[] s_statisticNames = { "running_x", "running_y", "running_o" };

    /// <summary>
    /// Saves every parameter and buffer of <paramref name="model"/>, quantization statistics included
    /// (TorchSharp's state-dict format). The file is written to a temporary name first and then moved,
    /// so a failed save never destroys an existing checkpoint.
    /// </summary>
    public static void SaveCheckpoint(nn.Module model, string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string tmp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            model.save(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// Loads a checkpoint into <paramref name="model"/> under these rules, checked before anything is
    /// copied: every key of the file must exist in the model with the same shape; every key of the model
    /// must be in the file, except linger's quantization statistics (<c>running_x</c>, <c>running_y</c>,
    /// <c>running_o</c>), which a float checkpoint does not have — they keep their values (a fresh one
    /// is initialised by the next training batch). So a float checkpoint loads into the model after
    /// <see cref="Init{T}"/>, and a QAT checkpoint loads with its statistics.
    /// </summary>
    /// <exception cref="LingerException">Unreadable file, or keys that do not match: the message lists them.</exception>
    public static CheckpointLoadReport LoadCheckpoint(nn.Module model, string path)
    {
        var file = CheckpointFile.Read(path);
        var own = model.state_dict();
        var unexpected = file.Keys.Where(k => !own.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var missing = own.Keys.Where(k => !file.ContainsKey(k) && !IsStatistic(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var shapes = file.Where(kv => own.TryGetValue(kv.Key, out var t) && !t.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key}: file [{string.Join(",", kv.Value.shape)}], model [{string.Join(",", own[kv.Key].shape)}]").ToList();
        if (unexpected.Count + missing.Count + shapes.Count > 0)
        {
            var lines = new List<string> { $"Checkpoint '{path}' does not match the model ({model.GetType().Name}):" };
            if (missing.Count > 0) lines.Add("  missing in the file: " + string.Join(", ", missing));
            if (unexpected.Count > 0) lines.Add("  not in the model: " + string.Join(", ", unexpected));
            if (shapes.Count > 0) lines.Add("  shape differs: " + string.Join("; ", shapes));
            throw new LingerException(string.Join(Environment.NewLine, lines));
        }
        using (no_grad())
        {
            foreach (var (key, value) in file)
            {
                var target = own[key];
                target.copy_(value.to_type(target.dtype));
            }
        }
        var kept = own.Keys.Where(k => !file.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        return new CheckpointLoadReport(file.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList(), kept);
    }

    private static bool IsStatistic(string key)
    {
        int dot = key.LastIndexOf('.');
        return s_statisticNames.Contains(dot < 0 ? key : key[(dot + 1)..]);
    }
}
