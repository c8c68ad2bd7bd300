using LingerNet.Export;
using LingerNet.Numerics.Dialect;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Recurrent;

/// <summary>
/// Issue 8's whole model: a Conv1d front end → GRU (or LSTM) → last step → Linear → softmax, trained a
/// little, exported, run in the runtime on a batch of sequences, every output integer equal to eval.
/// </summary>
public class Conv1dRecurrentModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-conv1d-rnn").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> conv = nn.Conv1d(6, 8, 3, padding: 1), relu = nn.ReLU();
        public LingerNet.Nn.Permute toTime = Linger.Nn.Permute([0, 2, 1]);
        public nn.Module<Tensor, Tensor?, (Tensor, Tensor)>? gru;
        public nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>? lstm;
        public LingerNet.Nn.Select last = Linger.Nn.Select(1, -1);
        public nn.Module<Tensor, Tensor> fc = nn.Linear(12, 4);
        public LingerNet.Nn.Softmax softmax = Linger.Nn.Softmax(1);

        public Net(bool useLstm) : base("net")
        {
            if (useLstm) lstm = nn.LSTM(8, 12, batchFirst: true);
            else gru = nn.GRU(8, 12, batchFirst: true);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var h = toTime.call(relu.call(conv.call(x)));             // [N, C, T] → [N, T, C]
            var y = gru is not null ? gru.call(h, null).Item1 : lstm!.call(h, null).Item1;
            return softmax.call(fc.call(last.call(y)));
        }
    }

    private void Check(bool useLstm, int batch, ChipTarget target)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(11);
        var model = Linger.Init(new Net(useLstm));
        var opt = optim.Adam(model.parameters(), 0.01);
        model.train();
        for (int i = 0; i < 5; i++)
        {
            using var step = NewDisposeScope();
            var loss = model.call(randn(8, 6, 10)).log().neg().mean();
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        model.eval();
        var xs = randn(batch, 6, 10);
        var y = model.call(xs);
        string path = Path.Combine(_dir, $"{(useLstm ? "lstm" : "gru")}-{batch}.onnx");
        Linger.Export(model, xs, path, new ExportOptions { Target = target });
        using var rt = LingerRuntime.Load(path);
        var result = rt.Run(TensorData.Floats(xs)).Outputs[0];
        var tag = QuantTags.Get(y)!;
        Assert.Equal(tag.Scale, result.Scale);
        Assert.Equal(TensorData.Integers(y, tag.Scale.Exponent), result.Int8!.Select(v => (long)v).ToArray());
        Assert.Contains(rt.Nodes, n => n.OpType == OpTypes.Conv1dInt);
        Assert.Contains(rt.Nodes, n => n.OpType == (useLstm ? OpTypes.LstmInt : OpTypes.GruInt));
        Assert.Contains(rt.Nodes, n => n.OpType == OpTypes.SoftmaxInt);
    }

    [Fact]
    public void Conv1dGruSoftmax_Venus_BitExactOnBatch() => Check(useLstm: false, batch: 8, ChipTarget.Venus);

    [Fact]
    public void Conv1dLstmSoftmax_Generic_BitExactOnBatch() => Check(useLstm: true, batch: 8, ChipTarget.Generic);

    [Fact]
    public void Conv1dLstmSoftmax_VenusBatch1_BitExact() => Check(useLstm: true, batch: 1, ChipTarget.Venus);
}
