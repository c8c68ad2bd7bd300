using LingerNet.Constraint;
using LingerNet.Modules;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Constraint;

/// <summary>Checkpoints across the stages: float → constrained → quantized, strictly (linger-spec §5.4).</summary>
public class StageCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-constrain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static ConvBnReluNet TrainedFloat(int seed, bool convBias = true)
    {
        random.manual_seed(seed);
        var m = new ConvBnReluNet(convBias);
        ConstrainTests.RandomizeBatchNorms(m, seed + 1);
        return m;
    }

    private static void TrainSteps(nn.Module<Tensor, Tensor> model, int steps, int seed)
    {
        random.manual_seed(seed);
        var opt = optim.SGD(model.parameters(), 0.01);
        model.train();
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            model.call(randn(4, 2, 6, 6)).square().mean().backward();
            opt.step();
        }
    }

    [Fact]
    public void FloatCheckpoint_LoadsStrictlyIntoConstrainedModel_SameEvalOutput()
    {
        var source = TrainedFloat(10);
        source.save(PathOf("float.bin"));
        var x = randn(2, 2, 6, 6);
        source.eval();
        var expected = source.call(x);

        var model = Linger.Constrain(new ConvBnReluNet(), x, new ConstrainOptions { Bounds = ConstraintBounds.None });
        model.load(PathOf("float.bin"), strict: true);          // TorchSharp's own loader: the keys are the float keys
        model.eval();
        Assert.True((model.call(x) - expected).abs().max().item<float>() < 1e-5);

        var again = Linger.Constrain(new ConvBnReluNet(), x, new ConstrainOptions { Bounds = ConstraintBounds.None });
        Linger.LoadCheckpoint(again, PathOf("float.bin"));
        again.eval();
        Assert.True((again.call(x) - expected).abs().max().item<float>() < 1e-5);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ConstrainedCheckpoint_LoadsStrictlyIntoQuantizedModel_FoldingTheBatchNorm(bool convBias)
    {
        var x = randn(2, 2, 6, 6);
        var stage1 = Linger.Constrain(TrainedFloat(20, convBias), x);
        TrainSteps(stage1, 3, 21);
        stage1.save(PathOf("stage1.bin"));
        var (wf, bf) = ((ConvBn2d)stage1.conv).FoldedParameters();

        var stage2 = Linger.Init(Linger.Constrain(new ConvBnReluNet(convBias), x));
        Linger.LoadCheckpoint(stage2, PathOf("stage1.bin"), strict: true);
        var q = Assert.IsType<Conv2dInt>(stage2.conv);
        Assert.IsType<FoldedBatchNorm>(stage2.bn);
        Assert.True((q.Weight - wf).abs().max().item<float>() < 1e-6);
        Assert.True((q.Bias! - bf).abs().max().item<float>() < 1e-6);
        Assert.True(q.AheadRelu);
        Assert.Equal(8.0, q.ClampWeight);
        Assert.Equal(8.0, q.ClampOutput);
        Assert.Null(q.ClampBias);
    }

    [Fact]
    public void QuantizedCheckpoint_LoadsIntoQuantizedModel_IdenticalEvalOutputs()
    {
        var x = randn(2, 2, 6, 6);
        var stage2 = Linger.Init(Linger.Constrain(TrainedFloat(30), x));
        TrainSteps(stage2, 3, 31);
        stage2.eval();
        var expected = stage2.call(x);
        stage2.save(PathOf("stage2.bin"));

        var viaTorchSharp = Linger.Init(Linger.Constrain(new ConvBnReluNet(), x));
        viaTorchSharp.load(PathOf("stage2.bin"), strict: true);
        viaTorchSharp.eval();
        Assert.Equal(TensorData.Floats(expected), TensorData.Floats(viaTorchSharp.call(x)));

        var viaLinger = Linger.Init(Linger.Constrain(new ConvBnReluNet(), x));
        Linger.LoadCheckpoint(viaLinger, PathOf("stage2.bin"));
        viaLinger.eval();
        Assert.Equal(TensorData.Floats(expected), TensorData.Floats(viaLinger.call(x)));
    }

    [Fact]
    public void QuantizedCheckpoint_IntoConstrainedModel_ThrowsListingLaterStageKeys()
    {
        var x = randn(2, 2, 6, 6);
        var stage2 = Linger.Init(Linger.Constrain(TrainedFloat(40), x));
        TrainSteps(stage2, 1, 41);
        stage2.save(PathOf("stage2.bin"));
        var stage1 = Linger.Constrain(new ConvBnReluNet(), x);
        var e = Assert.Throws<LingerException>(() => Linger.LoadCheckpoint(stage1, PathOf("stage2.bin")));
        Assert.Contains("conv.running_x", e.Message);
        Assert.Contains("saved after Linger.Init", e.Message);
        Assert.Contains("missing   bn.running_var", e.Message);
        Assert.Contains("constrained (stage 1", e.Message);
    }

    [Fact]
    public void ConstrainedStateDict_InMemory_LoadsIntoQuantizedModel()
    {
        var x = randn(2, 2, 6, 6);
        var stage1 = Linger.Constrain(TrainedFloat(50), x);
        var (wf, _) = ((ConvBn2d)stage1.conv).FoldedParameters();
        var stage2 = Linger.Init(Linger.Constrain(new ConvBnReluNet(), x));
        Linger.LoadStateDict(stage2, stage1.state_dict());
        Assert.True((((Conv2dInt)stage2.conv).Weight - wf).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void NonStrict_LoadsTheMatchingKeysOnly()
    {
        var x = randn(2, 2, 6, 6);
        var source = TrainedFloat(60);
        var dict = source.state_dict().Where(kv => kv.Key.StartsWith("fc2.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        dict["extra.weight"] = ones(1);
        var model = Linger.Constrain(new ConvBnReluNet(), x);
        Assert.Throws<LingerException>(() => Linger.LoadStateDict(model, dict));
        Linger.LoadStateDict(model, dict, strict: false);
        Assert.Equal(TensorData.Floats(((TorchSharp.Modules.Linear)source.fc2).weight!), TensorData.Floats(((ConstrainedLinear)model.fc2).Linear.weight!));
    }

    [Fact]
    public void CheckpointOfAnotherModel_Throws()
    {
        var x = randn(2, 2, 6, 6);
        new Wrapper(nn.Linear(3, 3)).save(PathOf("other.bin"));
        var model = Linger.Constrain(new ConvBnReluNet(), x);
        var e = Assert.Throws<LingerException>(() => Linger.LoadCheckpoint(model, PathOf("other.bin")));
        Assert.Contains("unexpected layer.weight", e.Message);
        Assert.Contains("missing   conv.weight", e.Message);
    }

    [Fact]
    public void NotACheckpoint_Throws()
    {
        File.WriteAllBytes(PathOf("junk.bin"), new byte[] { 5, 1, 2, 3 });
        Assert.Throws<LingerException>(() => Linger.LoadCheckpoint(new ConvBnReluNet(), PathOf("junk.bin")));
    }
}
