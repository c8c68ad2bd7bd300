using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Checkpoints;

public class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-ckpt").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private sealed class Small : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> conv = nn.Conv2d(1, 3, 3, padding: 1);
        public nn.Module<Tensor, Tensor> bn = nn.BatchNorm2d(3);
        public nn.Module<Tensor, Tensor> relu = nn.ReLU();
        public nn.Module<Tensor, Tensor> flat = nn.Flatten();
        public nn.Module<Tensor, Tensor> fc = nn.Linear(3 * 4 * 4, 2);
        public Small() : base("small") => RegisterComponents();
        public override Tensor forward(Tensor x) => fc.call(flat.call(relu.call(bn.call(conv.call(x)))));
    }

    [Fact]
    public void QatCheckpoint_RoundTrip_IdenticalEvalOutputs()
    {
        random.manual_seed(1);
        var a = Linger.Init(new Small());
        a.train();
        for (int i = 0; i < 3; i++) a.call(randn(4, 1, 4, 4));
        a.eval();
        var x = randn(2, 1, 4, 4);
        var ya = TensorData.Floats(a.call(x));
        string path = Path.Combine(_dir, "qat.bin");
        Linger.SaveCheckpoint(a, path);

        var b = Linger.Init(new Small());
        Linger.LoadCheckpoint(b, path);
        b.eval();
        Assert.Equal(ya, TensorData.Floats(b.call(x)));
    }

    [Fact]
    public void FloatCheckpoint_LoadsIntoQatModel_StatisticsKept()
    {
        random.manual_seed(2);
        var f = new Small();
        string path = Path.Combine(_dir, "float.bin");
        Linger.SaveCheckpoint(f, path);
        var q = Linger.Init(new Small());
        Linger.LoadCheckpoint(q, path);
        Assert.Equal(0f, q.conv.get_buffer("running_x")!.item<float>()); // statistics kept: never observed yet
        Assert.Equal(TensorData.Floats(((TorchSharp.Modules.Conv2d)f.conv).weight!), TensorData.Floats(q.conv.get_parameter("weight")!));
    }

    [Fact]
    public void MismatchedCheckpoint_ThrowsListingKeys()
    {
        var other = new Wrapper(nn.Linear(3, 3));
        string path = Path.Combine(_dir, "other.bin");
        Linger.SaveCheckpoint(other, path);
        var e = Assert.Throws<LingerException>(() => Linger.LoadCheckpoint(Linger.Init(new Small()), path));
        Assert.Contains("layer.weight", e.Message);
        Assert.Contains("conv.weight", e.Message);
    }

    [Fact]
    public void ShapeMismatch_ThrowsNamingKeyAndShapes()
    {
        string path = Path.Combine(_dir, "w.bin");
        Linger.SaveCheckpoint(new Wrapper(nn.Linear(3, 3)), path);
        var e = Assert.Throws<LingerException>(() => Linger.LoadCheckpoint(new Wrapper(nn.Linear(4, 3)), path));
        Assert.Contains("layer.weight", e.Message);
        Assert.Contains("[3, 3]", e.Message);
    }

    [Fact]
    public void CorruptOrMissingFile_ThrowsLingerException()
    {
        string path = Path.Combine(_dir, "bad.bin");
        File.WriteAllBytes(path, new byte[] { 5, 1, 2 });
        Assert.Throws<LingerException>(() => Linger.LoadCheckpoint(new Wrapper(nn.Linear(3, 3)), path));
        Assert.Throws<LingerException>(() => Linger.LoadCheckpoint(new Wrapper(nn.Linear(3, 3)), Path.Combine(_dir, "none.bin")));
    }
}
