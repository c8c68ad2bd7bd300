using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// Reads a checkpoint written by TorchSharp's <c>Module.save(path)</c> into a name → tensor dictionary,
/// without a model (so keys of another stage can be renamed or folded before loading). Format: the
/// entry count as a 7-bit variable-length integer, then per entry the key (BinaryWriter string) and
/// the tensor (TorchSharp's tensor format).
/// </summary>
internal static class CheckpointFile
{
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new LingerException($"checkpoint '{path}' does not exist.");
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            long count = ReadVarLong(reader);
            if (count < 0 || count > 1_000_000) throw new InvalidDataException($"entry count {count}");
            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (long i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                result[key] = TensorExtensionMethods.Load(reader);
            }
            return result;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException or ArgumentException or FormatException)
        {
            throw new LingerException($"checkpoint '{path}' is not a TorchSharp Module.save file: {e.Message}", e);
        }
    }

    private static long ReadVarLong(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("bad variable-length integer");
    }
}
