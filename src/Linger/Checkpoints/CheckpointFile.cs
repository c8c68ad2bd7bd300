using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Checkpoints;

/// <summary>
/// Reads a TorchSharp state-dict file (the format of <c>Module.save</c>: an LEB128 entry count, then
/// per entry a string key and a tensor) into a dictionary, so that keys can be compared with a model's
/// before anything is loaded.
/// </summary>
public static class CheckpointFile
{
    /// <summary>Reads every entry of the file at <paramref name="path"/>.</summary>
    /// <exception cref="LingerException">The file is missing, truncated or not a TorchSharp state dict.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new LingerException($"Checkpoint '{path}' does not exist.");
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            long count = DecodeLeb128(reader);
            if (count < 0 || count > 1_000_000) throw new InvalidDataException($"implausible entry count {count}");
            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (long i = 0; i < count; i++)
            {
                string key = reader.ReadString();
                result[key] = TensorExtensionMethods.Load(reader, false);
            }
            if (stream.Position != stream.Length) throw new InvalidDataException($"{stream.Length - stream.Position} bytes left after {count} entries");
            return result;
        }
        catch (Exception e) when (e is not LingerException)
        {
            throw new LingerException($"Checkpoint '{path}' is not a readable TorchSharp state dict ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    // Unsigned LEB128, as TorchSharp writes the entry count.
    private static long DecodeLeb128(BinaryReader reader)
    {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = reader.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("malformed entry count");
    }
}
