using static TorchSharp.torch;

namespace LingerNet;

public static partial class Linger
{
    /// <summary>
    /// Saves every parameter and buffer of <paramref name="model"/>, quantization statistics included
    /// (TorchSharp's state-dict format). The file is written to a temporary name first and then moved,
    /// so a failed save never destroys an existing checkpoint. An integrity trailer (8 bytes of SHA-256 per
    /// entry) follows TorchSharp's entries, so <see cref="LoadCheckpoint"/> names the key a damaged byte belongs
    /// to; TorchSharp's own <c>Module.load</c> still reads the file.
    /// </summary>
    public static void SaveCheckpoint(nn.Module model, string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string tmp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            model.save(tmp);
            Constraint.CheckpointFile.AppendIntegrityTrailer(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
