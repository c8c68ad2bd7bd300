using System.Buffers.Binary;
using System.IO.Compression;

namespace LingerNet.Data;

/// <summary>
/// Reads and writes IDX files (the MNIST container): two zero bytes, a type code, the number of
/// dimensions, the dimensions as big-endian int32, then the data. Only unsigned bytes (type 0x08) are
/// supported, which gives the magic numbers 2049 (labels, 1 dimension) and 2051 (images, 3 dimensions).
/// Files may be gzip-compressed; compression is detected from the content, not the file name.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file, gzipped or not.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The shape and the data.</returns>
    /// <exception cref="LingerException">The file is missing, not a valid gzip stream, has a bad header,
    /// or holds fewer or more bytes than its header says. The message names the file.</exception>
    public static IdxArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new LingerException($"IDX file '{path}' does not exist.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot read IDX file '{path}': {e.Message}", e);
        }
        bool gzipped = bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
        if (gzipped)
        {
            try
            {
                using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var raw = new MemoryStream();
                gz.CopyTo(raw);
                bytes = raw.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new LingerException($"IDX file '{path}' is not a valid gzip stream (corrupt or truncated download?): {e.Message}", e);
            }
        }
        try
        {
            return Parse(bytes, path);
        }
        catch (LingerException e) when (gzipped)
        {
            // A truncated gzip stream decompresses to fewer bytes without an error: say so.
            throw new LingerException($"{e.Message} (the content is gzip-compressed, {bytes.Length} bytes after decompression; the .gz file may be truncated or corrupt)", e);
        }
    }

    /// <summary>Parses the uncompressed bytes of an IDX file.</summary>
    /// <param name="bytes">The whole file content.</param>
    /// <param name="name">The name used in error messages (usually the path).</param>
    /// <exception cref="LingerException">The header is bad or the data length does not match it.</exception>
    public static IdxArray Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 4)
            throw new LingerException($"IDX file '{name}' is truncated: {bytes.Length} bytes, the header alone needs at least 4.");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new LingerException($"IDX file '{name}' has a bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8}: it must start with two zero bytes (2049 for labels, 2051 for images).");
        if (bytes[2] != UnsignedByteType)
            throw new LingerException($"IDX file '{name}' has element type 0x{bytes[2]:X2}; only unsigned bytes (0x08) are supported.");
        int ndim = bytes[3];
        if (ndim == 0) throw new LingerException($"IDX file '{name}' declares 0 dimensions.");
        int header = 4 + 4 * ndim;
        if (bytes.Length < header)
            throw new LingerException($"IDX file '{name}' is truncated: its header declares {ndim} dimensions ({header} bytes) but the file has {bytes.Length} bytes.");
        var shape = new int[ndim];
        long count = 1;
        for (int i = 0; i < ndim; i++)
        {
            int d = BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(4 + 4 * i));
            if (d < 0) throw new LingerException($"IDX file '{name}' has a negative dimension {d} at position {i}.");
            shape[i] = d;
            count *= d;
        }
        long actual = bytes.Length - header;
        if (actual < count)
            throw new LingerException($"IDX file '{name}' is truncated: shape [{string.Join(", ", shape)}] needs {count} data bytes, found {actual}.");
        if (actual > count)
            throw new LingerException($"IDX file '{name}' has {actual - count} unexpected trailing bytes after the data of shape [{string.Join(", ", shape)}].");
        return new IdxArray(shape, bytes.Slice(header).ToArray());
    }

    /// <summary>Writes an IDX file of unsigned bytes, gzip-compressed when <paramref name="gzip"/> is true.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="array">The shape and data.</param>
    /// <param name="gzip">Compress with gzip (optimal level).</param>
    public static void Write(string path, IdxArray array, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(array);
        using var file = File.Create(path);
        using Stream output = gzip ? new GZipStream(file, CompressionLevel.SmallestSize) : file;
        Span<byte> head = stackalloc byte[4];
        head[0] = 0; head[1] = 0; head[2] = UnsignedByteType; head[3] = (byte)array.Shape.Count;
        output.Write(head);
        foreach (var d in array.Shape)
        {
            BinaryPrimitives.WriteInt32BigEndian(head, d);
            output.Write(head);
        }
        output.Write(array.Data);
    }
}
