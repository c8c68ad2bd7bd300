using LingerNet.Constraint;
using LingerNet.Export;
using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Recurrent;

/// <summary>The constraint stage for GRU/LSTM: a clamped float loop equal to TorchSharp's module, bounds carried into GRUInt/LSTMInt.</summary>
public class ConstrainedRecurrentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-rnn-constrain").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Constrain_Recurrent_FloatLoopEqualsTorchSharpAndInitCarriesBounds(bool lstm)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        var net = new RnnNet(new RnnSpec(lstm, 3, 4, 5, BatchFirst: true, Bidirectional: true, Layers: 2));
        var x = randn(2, 6, 3);
        var before = net.call(x).detach().clone();
        Linger.Constrain(net, x);
        Assert.IsType(lstm ? typeof(ConstrainedLSTM) : typeof(ConstrainedGRU), lstm ? net.lstm : net.gru);
        Assert.True(net.call(x).allclose(before, 1e-5, 1e-5)); // weights inside the bound: the C# loop is TorchSharp's GRU/LSTM

        Linger.Init(net, new LingerOptions { CheckVenusLimits = false });
        double? clamp = lstm ? Assert.IsType<LSTMInt>(net.lstm).ClampWeight : Assert.IsType<GRUInt>(net.gru).ClampWeight;
        Assert.Equal(ConstraintBounds.Default.Weight, clamp);
    }

    [Fact]
    public void ConstrainedGru_WeightAboveBound_ClampedInTrainingEvalAndExport()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(4);
        var spec = new RnnSpec(false, 3, 4, 5, BatchFirst: true, Bidirectional: false, Layers: 1);
        var net = new RnnNet(spec);
        var x = randn(2, 6, 3);
        Linger.Constrain(net, x);
        using (no_grad()) ((ConstrainedGRU)net.gru!).Gru.get_parameter("weight_hh_l0")![0, 0] = 20f;
        Linger.Init(net, new LingerOptions { CheckVenusLimits = false });
        net.train();
        for (int i = 0; i < 3; i++) net.call(randn(2, 6, 3));
        net.eval();
        var y = net.call(x);
        string path = Path.Combine(_dir, "c.onnx");
        Linger.Export(net, x, path, new ExportOptions { Target = ChipTarget.Generic });
        using var rt = LingerRuntime.Load(path, new LoadOptions { Target = ChipTarget.Generic });
        var result = rt.Run(TensorData.Floats(x)).Outputs[0];
        var tag = QuantTags.Get(y)!;
        Assert.Equal(TensorData.Integers(y, tag.Scale.Exponent), result.Int8!.Select(v => (long)v).ToArray());
        // The weight scale comes from the clamped weights (max 8 → 2^3), not from 20 (→ 2^2).
        var node = rt.Nodes.Single(n => n.OpType == OpTypes.GruInt);
        Assert.Equal(8.0, Convert.ToDouble(node.Attributes[AttributeNames.ScaleHw]));
    }
}
