using LingerNet.Speech;
using LingerNet.Tests.Data;
using Xunit;

namespace LingerNet.Tests.Speech;

public class WavFileTests
{
    [Fact]
    public void WriteThenRead_RoundTripsSamplesAndRate()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "a.wav");
        float[] samples = [0f, 0.5f, -0.5f, -1f, 32767f / 32768, 1e-4f];
        WavFile.Write(path, samples, 16000);
        var audio = WavFile.Read(path);
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(samples.Length, audio.Samples.Length);
        for (int i = 0; i < samples.Length; i++) Assert.Equal(Math.Floor(samples[i] * 32768 + 0.5) / 32768, audio.Samples[i], 7);
        Assert.Equal(44 + 2 * samples.Length, new FileInfo(path).Length);
    }

    [Fact]
    public void Write_OutOfRangeSamples_Saturate()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "s.wav");
        WavFile.Write(path, [2f, -2f], 8000);
        var audio = WavFile.Read(path);
        Assert.Equal(32767f / 32768, audio.Samples[0]);
        Assert.Equal(-1f, audio.Samples[1]);
    }

    [Fact]
    public void Parse_NotAWav_ThrowsNamingTheFile()
    {
        var e = Assert.Throws<LingerException>(() => WavFile.Parse("hello world, not audio"u8, "x.wav"));
        Assert.Contains("x.wav", e.Message);
        Assert.Contains("RIFF", e.Message);
    }

    [Fact]
    public void Parse_EightBitPcm_SaysOnly16BitIsSupported()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "b.wav");
        WavFile.Write(path, [0f, 0f], 8000);
        var bytes = File.ReadAllBytes(path);
        bytes[34] = 8; // bits per sample
        var e = Assert.Throws<LingerException>(() => WavFile.Parse(bytes, "b.wav"));
        Assert.Contains("16-bit", e.Message);
    }

    [Fact]
    public void Read_MissingFile_Throws()
        => Assert.Throws<LingerException>(() => WavFile.Read("/nonexistent/linger.wav"));
}
