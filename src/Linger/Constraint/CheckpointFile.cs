using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Constraint;

/// <summary>
/// Reads a checkpoint written by TorchSharp's <c>Module.save(path)</c> into a name → tensor dictionary,
/// without a model (so keys of another stage can be renamed or folded before loading). Format: the
/// entry count as a 7-bit variable-length integer, then per entry the key (BinaryWriter string) and
/// the tensor (TorchSharp's format: dtype, rank and dims as LEB128 integers, then the raw elements).
/// <see cref="Linger.SaveCheckpoint"/> appends an integrity trailer after the last entry (TorchSharp's
/// own loader stops before it): <see cref="TrailerMagic"/>, the entry count (int32) and 8 bytes of
/// SHA-256 per entry, so a flipped bit anywhere is reported with the key it damaged. Every header is
/// checked against the bytes left in the file before TorchSharp allocates the tensor.
/// </summary>
internal static class CheckpointFile
{
    private static readonly byte[] TrailerMagic = "LINGERCK1\0"u8.ToArray();
    private const int HashBytes = 8;
    private const int MaxRank = 16;

    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new LingerException($"checkpoint '{path}' does not exist.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"checkpoint '{path}' cannot be read: {e.Message}", e);
        }
        var entries = Scan(bytes, path);
        CheckTrailer(bytes, entries, path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream);
        foreach (var e in entries)
        {
            stream.Position = e.TensorStart;
            try
            {
                result[e.Key] = TensorExtensionMethods.Load(reader);
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or FormatException or NotImplementedException or InvalidOperationException or ExternalException)
            {
                throw new LingerException($"checkpoint '{path}': entry '{e.Key}' cannot be read as a tensor: {ex.Message}", ex);
            }
        }
        return result;
    }

    /// <summary>Appends the integrity trailer to a file TorchSharp's <c>Module.save</c> just wrote.</summary>
    public static void AppendIntegrityTrailer(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var entries = Scan(bytes, path);
        using var fs = new FileStream(path, FileMode.Append, FileAccess.Write);
        using var w = new BinaryWriter(fs);
        w.Write(TrailerMagic);
        w.Write(entries.Count);
        foreach (var e in entries) w.Write(Hash(bytes, e));
    }

    private sealed record Entry(string Key, long Start, long TensorStart, long End);

    private static byte[] Hash(byte[] bytes, Entry e) => SHA256.HashData(bytes.AsSpan((int)e.Start, (int)(e.End - e.Start)))[..HashBytes];

    /// <summary>Walks every entry header without allocating a tensor; damage is reported with the file and the key.</summary>
    private static List<Entry> Scan(byte[] bytes, string path)
    {
        var entries = new List<Entry>();
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        long count;
        try
        {
            count = ReadVarLong(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new LingerException($"checkpoint '{path}' is not a TorchSharp Module.save file: the entry count cannot be read ({e.Message}).", e);
        }
        if (count < 0 || count > 1_000_000 || count > bytes.Length)
            throw new LingerException($"checkpoint '{path}' is not a TorchSharp Module.save file: entry count {count} for a {bytes.Length}-byte file.");
        string previous = "(none)";
        for (long i = 0; i < count; i++)
        {
            long start = stream.Position;
            string key;
            try
            {
                key = reader.ReadString();
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or DecoderFallbackException)
            {
                throw new LingerException($"checkpoint '{path}' is truncated or damaged: the key of entry {i + 1} of {count} (after '{previous}') cannot be read.", e);
            }
            long tensorStart = stream.Position;
            string where = $"checkpoint '{path}': entry {i + 1} of {count} '{key}'";
            try
            {
                long dtype = ReadVarLong(reader);
                int elementSize = ElementSize(dtype) ?? throw new LingerException($"{where}: unknown element type {dtype} (the file is damaged).");
                long rank = ReadVarLong(reader);
                if (rank < 0 || rank > MaxRank) throw new LingerException($"{where}: rank {rank} (the file is damaged).");
                long elements = 1;
                var dims = new long[rank];
                for (int d = 0; d < rank; d++)
                {
                    dims[d] = ReadVarLong(reader);
                    if (dims[d] < 0 || dims[d] > int.MaxValue) throw new LingerException($"{where}: dimension {dims[d]} (the file is damaged).");
                    elements = elements * dims[d];
                    if (elements > int.MaxValue) throw new LingerException($"{where}: shape [{string.Join(", ", dims.Take(d + 1))}, ...] is larger than 2^31 elements (the file is damaged).");
                }
                long dataBytes = elements * elementSize;
                long left = bytes.Length - stream.Position;
                if (dataBytes > left)
                    throw new LingerException($"{where}: shape [{string.Join(", ", dims)}] needs {dataBytes} bytes but the file has {left} left (truncated or damaged).");
                stream.Position += dataBytes;
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
            {
                throw new LingerException($"{where}: the tensor header is truncated or damaged ({e.Message}).", e);
            }
            entries.Add(new Entry(key, start, tensorStart, stream.Position));
            previous = key;
        }
        return entries;
    }

    /// <summary>No trailer (a plain Module.save file) is accepted; anything else after the entries must be a matching trailer.</summary>
    private static void CheckTrailer(byte[] bytes, List<Entry> entries, string path)
    {
        long end = entries.Count > 0 ? entries[^1].End : LeadingCountBytes(bytes);
        long extra = bytes.Length - end;
        if (extra == 0) return;
        string last = entries.Count > 0 ? $"'{entries[^1].Key}'" : "the entry count";
        long expected = TrailerMagic.Length + 4 + (long)HashBytes * entries.Count;
        var tail = bytes.AsSpan((int)end);
        if (extra != expected || !tail[..TrailerMagic.Length].SequenceEqual(TrailerMagic)
            || BitConverter.ToInt32(bytes, (int)end + TrailerMagic.Length) != entries.Count)
            throw new LingerException($"checkpoint '{path}' is damaged: {extra} unexpected bytes after {last} (no valid Linger integrity trailer).");
        int at = (int)end + TrailerMagic.Length + 4;
        var damaged = new List<string>();
        foreach (var e in entries)
        {
            if (!Hash(bytes, e).AsSpan().SequenceEqual(bytes.AsSpan(at, HashBytes))) damaged.Add($"'{e.Key}'");
            at += HashBytes;
        }
        if (damaged.Count > 0)
            throw new LingerException($"checkpoint '{path}' is damaged: the bytes of {string.Join(", ", damaged)} do not match the checksum written with it (a flipped bit or a partial copy).");
    }

    private static long LeadingCountBytes(byte[] bytes)
    {
        int n = 0;
        while (n < bytes.Length && (bytes[n] & 0x80) != 0) n++;
        return Math.Min(n + 1, bytes.Length);
    }

    /// <summary>Bytes per element of TorchSharp's <see cref="ScalarType"/> codes; null for a code that is not one.</summary>
    private static int? ElementSize(long dtype) => dtype switch
    {
        (long)ScalarType.Byte or (long)ScalarType.Int8 or (long)ScalarType.Bool => 1,
        (long)ScalarType.Int16 or (long)ScalarType.Float16 or (long)ScalarType.BFloat16 => 2,
        (long)ScalarType.Int32 or (long)ScalarType.Float32 => 4,
        (long)ScalarType.Int64 or (long)ScalarType.Float64 or (long)ScalarType.ComplexFloat32 => 8,
        (long)ScalarType.ComplexFloat64 => 16,
        _ => null,
    };

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
