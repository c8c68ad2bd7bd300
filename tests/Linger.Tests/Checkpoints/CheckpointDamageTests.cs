using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Checkpoints;

/// <summary>Truncated, bit-flipped and wrong-model checkpoint files: a LingerException naming the file and the key.</summary>
public class CheckpointDamageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-ckpt-damage").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private sealed class Small : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> conv = nn.Conv2d(1, 3, 3, padding: 1);
        public nn.Module<Tensor, Tensor> flat = nn.Flatten();
        public nn.Module<Tensor, Tensor> fc = nn.Linear(3 * 4 * 4, 2);
        public Small() : base("small") => RegisterComponents();
        public override Tensor forward(Tensor x) => fc.call(flat.call(conv.call(x)));
    }

    /// <summary>A saved checkpoint; keys in order conv.weight, conv.bias, fc.weight, fc.bias.</summary>
    private (string Path, byte[] Bytes, int TrailerBytes) Saved()
    {
        random.manual_seed(4);
        string path = Path.Combine(_dir, "good.bin");
        Linger.SaveCheckpoint(new Small(), path);
        return (path, File.ReadAllBytes(path), "LINGERCK1\0".Length + 4 + 8 * 4);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static LingerException LoadFails(string path) =>
        Assert.Throws<LingerException>(() => Linger.LoadCheckpoint(new Small(), path));

    [Fact]
    public void SaveCheckpoint_FileWithTrailer_LoadsWithLingerAndWithTorchSharp()
    {
        var (path, _, _) = Saved();
        var a = new Small();
        Linger.LoadCheckpoint(a, path);
        var b = new Small();
        b.load(path);   // TorchSharp's own loader stops before the trailer
        Assert.Equal(TensorData.Floats(((TorchSharp.Modules.Linear)a.fc).weight!), TensorData.Floats(((TorchSharp.Modules.Linear)b.fc).weight!));
    }

    [Fact]
    public void LoadCheckpoint_PlainModuleSaveFile_StillLoads()
    {
        random.manual_seed(4);
        var m = new Small();
        string path = Path.Combine(_dir, "plain.bin");
        m.save(path);
        var into = new Small();
        Linger.LoadCheckpoint(into, path);
        Assert.Equal(TensorData.Floats(((TorchSharp.Modules.Linear)m.fc).weight!), TensorData.Floats(((TorchSharp.Modules.Linear)into.fc).weight!));
    }

    [Fact]
    public void LoadCheckpoint_TruncatedAnywhere_ThrowsNamingFile_AndKeyInsideData()
    {
        var (_, bytes, trailer) = Saved();
        for (int len = 0; len < bytes.Length; len += 5)
        {
            string path = Write($"cut{len}.bin", bytes[..len]);
            Assert.Contains(path, LoadFails(path).Message);
        }
        // Cut inside the last tensor's data (fc.bias: 2 floats just before the trailer).
        string inFcBias = Write("cut-fc-bias.bin", bytes[..(bytes.Length - trailer - 3)]);
        var e = LoadFails(inFcBias);
        Assert.Contains("'fc.bias'", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void LoadCheckpoint_AnyBitFlipped_ThrowsNamingFile_AndKeyOfDamagedData()
    {
        var (_, bytes, trailer) = Saved();
        var r = new Random(9);
        for (int i = 0; i < bytes.Length; i++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[i] ^= (byte)(1 << r.Next(8));
            string path = Write($"flip{i}.bin", flipped);
            Assert.Contains(path, LoadFails(path).Message);
        }
        // A bit inside fc.weight's data (ends 8 bytes before fc.bias's entry): the checksum names it.
        var inWeight = (byte[])bytes.Clone();
        int fcBiasEntry = 1 + "fc.bias".Length + 3 + 8;   // key, dtype, rank, dim, 2 floats
        inWeight[bytes.Length - trailer - fcBiasEntry - 5] ^= 0x10;
        var e = LoadFails(Write("flip-fc-weight.bin", inWeight));
        Assert.Contains("'fc.weight'", e.Message);
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void LoadCheckpoint_WrongModel_ThrowsNamingFileAndKeys()
    {
        string path = Path.Combine(_dir, "other.bin");
        Linger.SaveCheckpoint(new Wrapper(nn.Linear(3, 3)), path);
        var e = LoadFails(path);
        Assert.Contains(path, e.Message);
        Assert.Contains("layer.weight", e.Message);
        Assert.Contains("fc.weight", e.Message);
    }

    [Fact]
    public void LoadCheckpoint_HugeDeclaredTensor_RefusedBeforeAllocating()
    {
        var (_, bytes, _) = Saved();
        // Entry 1 is conv.weight: [count=4][len=11]"conv.weight"[dtype][rank=4][3][1][3][3]; make dim 0 = 2^30.
        int dimAt = 1 + 1 + "conv.weight".Length + 2;
        Assert.Equal(3, bytes[dimAt]);
        var huge = bytes[..dimAt].Concat(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x04 }).Concat(bytes[(dimAt + 1)..]).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = LoadFails(Write("huge.bin", huge));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
        Assert.Contains("'conv.weight'", e.Message);
    }
}
