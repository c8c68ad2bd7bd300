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
/// Whole models: front end → GRU / LSTM → Flatten → Linear → softmax, trained a little, exported, run in the
/// runtime on a batch of sequences, every output integer equal to eval. The front end is a Linear over the
/// features of each step (Conv1dInt is not on this branch yet; a Conv1d front end is the same chain with a
/// Conv1dInt node first).
/// </summary>
public class RecurrentWholeModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-rnn-model").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private void CheckModel(RnnSpec spec, int t, int batch, ChipTarget target)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        var model = Linger.Init(new RnnNet(spec, t), new LingerOptions { CheckVenusLimits = target == ChipTarget.Venus });
        var opt = optim.Adam(model.parameters(), 0.01);
        model.train();
        for (int i = 0; i < 5; i++)
        {
            using var step = NewDisposeScope();
            var x = randn(RecurrentParityTests.Shape(spec, t, batch));
            var loss = model.call(x).log().neg().mean();
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        model.eval();
        var xs = randn(RecurrentParityTests.Shape(spec, t, batch));
        var y = model.call(xs);
        string path = Path.Combine(_dir, $"{(spec.Lstm ? "lstm" : "gru")}.onnx");
        Linger.Export(model, xs, path, new ExportOptions { Target = target });
        using var rt = LingerRuntime.Load(path, new LoadOptions { Target = target });
        var result = rt.Run(TensorData.Floats(xs)).Outputs[0];
        var tag = QuantTags.Get(y)!;
        Assert.Equal(tag.Scale, result.Scale);
        Assert.Equal(TensorData.Integers(y, tag.Scale.Exponent), result.Int8!.Select(v => (long)v).ToArray());
        Assert.Contains(rt.Nodes, n => n.OpType == (spec.Lstm ? OpTypes.LstmInt : OpTypes.GruInt));
        Assert.Contains(rt.Nodes, n => n.OpType == OpTypes.SoftmaxInt);
    }

    [Fact]
    public void GruModel_ExportedForVenus_RuntimeBitExactOnBatch()
        => CheckModel(new RnnSpec(false, 6, 8, 12, BatchFirst: true, Bidirectional: false, Layers: 1, Classes: 4, Softmax: true), 10, 8, ChipTarget.Venus);

    [Fact]
    public void LstmModel_RuntimeBitExactOnBatch()
        => CheckModel(new RnnSpec(true, 6, 8, 12, BatchFirst: true, Bidirectional: false, Layers: 1, Classes: 4, Softmax: true), 10, 8, ChipTarget.Generic);

    [Fact]
    public void LstmModel_ExportedForVenus_RuntimeBitExactBatch1()
        => CheckModel(new RnnSpec(true, 6, 8, 12, BatchFirst: true, Bidirectional: false, Layers: 1, Classes: 4, Softmax: true), 10, 1, ChipTarget.Venus);

    [Fact]
    public void StackedBidirectionalGruModel_RuntimeBitExactOnBatch()
        => CheckModel(new RnnSpec(false, 6, 8, 12, BatchFirst: true, Bidirectional: true, Layers: 2, Classes: 4, Softmax: true), 10, 8, ChipTarget.Generic);
}
