using System.Buffers.Binary;

namespace LingerNet.Speech;

/// <summary>
/// Reads and writes 16-bit PCM WAV files (RIFF/WAVE with a <c>fmt </c> chunk of format 1, or
/// WAVE_FORMAT_EXTENSIBLE carrying PCM). Several channels are averaged into one on reading; writing
/// produces mono. Chunks other than <c>fmt </c> and <c>data</c> (LIST, fact, ...) are skipped.
/// </summary>
public static class WavFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>Reads a 16-bit PCM WAV file and mixes it down to mono.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The samples scaled to [-1, 1) and the sample rate.</returns>
    /// <exception cref="LingerException">The file is missing, unreadable, not a RIFF/WAVE file, not 16-bit PCM,
    /// or truncated. The message names the file.</exception>
    public static PcmAudio Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new LingerException($"WAV file '{path}' does not exist.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot read WAV file '{path}': {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses the bytes of a 16-bit PCM WAV file.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="name">The file name, for messages.</param>
    /// <returns>The samples (mono) and the sample rate.</returns>
    /// <exception cref="LingerException">The bytes are not a 16-bit PCM WAV file.</exception>
    public static PcmAudio Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
            throw new LingerException($"'{name}' is not a WAV file (no RIFF/WAVE header).");
        int channels = 0, sampleRate = 0, bits = 0;
        ushort format = 0;
        int pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            var id = bytes.Slice(pos, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(pos + 4, 4));
            int body = pos + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > bytes.Length) throw new LingerException($"'{name}': the fmt chunk is truncated.");
                format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body, 2));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 2, 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(body + 4, 4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 14, 2));
                if (format == FormatExtensible && size >= 26 && body + 26 <= bytes.Length)
                    format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 24, 2)); // the sub-format GUID starts with the format code
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels == 0) throw new LingerException($"'{name}': the data chunk comes before the fmt chunk.");
                if (format != FormatPcm || bits != 16)
                    throw new LingerException($"'{name}' holds format {format} with {bits} bits per sample; only 16-bit PCM (format 1) is supported. Convert it, e.g.: sox IN.wav -b 16 -e signed-integer OUT.wav");
                if (sampleRate <= 0) throw new LingerException($"'{name}': sample rate {sampleRate} is not valid.");
                long available = Math.Min(size, (long)bytes.Length - body);
                int frames = (int)(available / (2 * channels));
                var samples = new float[frames];
                for (int i = 0; i < frames; i++)
                {
                    int sum = 0;
                    for (int c = 0; c < channels; c++)
                        sum += BinaryPrimitives.ReadInt16LittleEndian(bytes.Slice(body + 2 * (i * channels + c), 2));
                    samples[i] = sum / (32768f * channels);
                }
                return new PcmAudio(samples, sampleRate);
            }
            pos = body + (int)Math.Min(size + (size & 1), int.MaxValue - body); // chunks are padded to even sizes
        }
        throw new LingerException($"'{name}' has no data chunk (truncated WAV file?).");
    }

    /// <summary>Writes mono samples as a 16-bit PCM WAV file. Samples are rounded half up and saturated to int16.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="samples">Samples in [-1, 1).</param>
    /// <param name="sampleRate">Samples per second.</param>
    /// <exception cref="LingerException">The file cannot be written.</exception>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        var bytes = new byte[44 + 2 * samples.Length];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], 36 + 2 * samples.Length);
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(s[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], 2 * sampleRate);
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], 2 * samples.Length);
        for (int i = 0; i < samples.Length; i++)
        {
            double v = Math.Floor(samples[i] * 32768.0 + 0.5);
            BinaryPrimitives.WriteInt16LittleEndian(s[(44 + 2 * i)..], (short)Math.Clamp(v, short.MinValue, short.MaxValue));
        }
        try
        {
            File.WriteAllBytes(path, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot write WAV file '{path}': {e.Message}", e);
        }
    }
}
