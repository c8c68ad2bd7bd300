using LingerNet.Constraint;
using LingerNet.Modules;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.EndToEnd;

/// <summary>
/// Issue 7's whole-model test of the conv family: a small 1-D convolutional audio classifier
/// (Conv1d/BatchNorm1d/ReLU/MaxPool1d/AvgPool1d/BatchNorm1d/Linear) goes Constrain → train → Init → train →
/// Export → runtime, and the runtime's integers equal eval's over batches of inputs.
/// </summary>
public class AudioConv1dNetTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-audio").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    internal sealed class AudioNet : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> conv1 = nn.Conv1d(1, 8, 5, stride: 2, padding: 2);
        public nn.Module<Tensor, Tensor> bn1 = nn.BatchNorm1d(8);
        public nn.Module<Tensor, Tensor> relu1 = nn.ReLU();
        public nn.Module<Tensor, Tensor> pool1 = nn.MaxPool1d(2);
        public nn.Module<Tensor, Tensor> conv2 = nn.Conv1d(8, 8, 3, padding: 1, bias: false);
        public nn.Module<Tensor, Tensor> bn2 = nn.BatchNorm1d(8);
        public nn.Module<Tensor, Tensor> relu2 = nn.ReLU();
        public nn.Module<Tensor, Tensor> pool2 = nn.AvgPool1d(4, 4);
        public nn.Module<Tensor, Tensor> bn3 = nn.BatchNorm1d(8);   // after a pool: not fused, a quantized BN over [N, C, L]
        public nn.Module<Tensor, Tensor> flatten = nn.Flatten();
        public nn.Module<Tensor, Tensor> fc = nn.Linear(32, 3);

        public AudioNet() : base("audio") => RegisterComponents();

        public override Tensor forward(Tensor x)
        {
            var h = pool1.call(relu1.call(bn1.call(conv1.call(x))));
            h = pool2.call(relu2.call(bn2.call(conv2.call(h))));
            return fc.call(flatten.call(bn3.call(h)));
        }
    }

    /// <summary>Three classes of noisy tones over 64 samples (2, 5 or 9 cycles).</summary>
    private static (Tensor X, Tensor Y) Batch(int n)
    {
        var y = randint(0, 3, [n], dtype: ScalarType.Int64);
        var cycles = tensor(new float[] { 2, 5, 9 })[y].view(n, 1, 1);
        var t = arange(64, dtype: ScalarType.Float32).view(1, 1, 64) / 64f;
        var phase = rand(n, 1, 1) * 2 * Math.PI;
        var x = (t * cycles * 2 * Math.PI + phase).sin() * (rand(n, 1, 1) + 0.5) + randn(n, 1, 64) * 0.2;
        return (x, y);
    }

    private static double Train(nn.Module<Tensor, Tensor> model, int steps, double lr)
    {
        model.train();
        var opt = optim.SGD(model.parameters(), lr, momentum: 0.9);
        double last = 0;
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = Batch(16);
            opt.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            opt.step();
            last = loss.item<float>();
        }
        return last;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void AudioNet_ConstrainTrainInitTrainExport_RuntimeBitExactOverBatches()
    {
        random.manual_seed(2026);
        var model = new AudioNet();
        Linger.Constrain(model, Batch(4).X);
        Assert.IsType<ConvBn1d>(model.conv1);
        Assert.IsType<ConvBn1d>(model.conv2);
        Assert.IsType<EmptyBatchNorm>(model.bn1);
        double stage1 = Train(model, 30, 0.05);

        Linger.Init(model);
        Assert.IsType<Conv1dInt>(model.conv1);
        Assert.IsType<FoldedBatchNorm>(model.bn2);
        Assert.IsType<IqMaxPool1d>(model.pool1);
        Assert.IsType<AvgPool1dInt>(model.pool2);
        Assert.Equal([2, 3], Assert.IsType<BatchNorm2dInt>(model.bn3).InputRanks);
        double stage2 = Train(model, 30, 0.01);
        output.WriteLine($"loss after constrained training {stage1:F3}, after QAT {stage2:F3}");

        model.eval();
        var (sample, _) = Batch(8);
        string path = Path.Combine(_dir, "audio.onnx");
        Linger.Export(model, sample, path);
        using var rt = LingerRuntime.Load(path);
        int correct = 0, total = 0;
        for (int b = 0; b < 4; b++)
        {
            using var scope = NewDisposeScope();
            var (x, labels) = b == 0 ? (sample, (Tensor?)null) : Batch(8);
            var y = model.call(x);
            var tag = QuantTags.Get(y)!;
            var result = rt.Run(TensorData.Floats(x)).Outputs[0];
            Assert.Equal(tag.Scale, result.Scale);
            Assert.Equal(y.shape.Select(d => (int)d).ToArray(), result.Shape);
            Assert.Equal(TensorData.Integers(y, tag.Scale.Exponent), result.Int8!.Select(v => (long)v).ToArray());
            if (labels is not null) { correct += (int)y.argmax(1).eq(labels).sum().item<long>(); total += 8; }
        }
        output.WriteLine($"quantized accuracy on {total} fresh tones: {correct}/{total}");
    }
}
