using LingerNet.Constraint;
using LingerNet.Modules;
using LingerNet.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Constraint;

public class ConstrainTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly ConstrainOptions NoClamp = new() { Bounds = ConstraintBounds.None };

    /// <summary>Random γ, β and running statistics (away from the identity) for every BatchNorm2d of <paramref name="model"/>.</summary>
    internal static void RandomizeBatchNorms(nn.Module model, int seed)
    {
        random.manual_seed(seed);
        foreach (var m in model.modules().OfType<BatchNorm2d>()) Randomize(m);
    }

    /// <summary>Random γ, β and running statistics (away from the identity) for <paramref name="m"/>.</summary>
    internal static void RandomizeBatchNorm(BatchNorm m, int seed)
    {
        random.manual_seed(seed);
        Randomize(m);
    }

    private static void Randomize(BatchNorm m)
    {
        using var _ = no_grad();
        m.weight!.copy_(rand(m.num_features) + 0.5);
        m.bias!.copy_(randn(m.num_features) * 0.3);
        m.running_mean!.copy_(randn(m.num_features) * 0.5);
        m.running_var!.copy_(rand(m.num_features) + 0.2);
    }

    [Fact]
    public void Constrain_ConvBnRelu_FusesConvAndMarksAheadRelu()
    {
        var model = new ConvBnReluNet();
        Linger.Constrain(model, randn(2, 2, 6, 6));
        var fused = Assert.IsType<ConvBn2d>(model.conv);
        var empty = Assert.IsType<EmptyBatchNorm>(model.bn);
        Assert.Same(fused, empty.Owner);
        Assert.True(fused.AheadRelu);                                     // Conv → BN → ReLU marks the fused conv
        Assert.True(Assert.IsType<ConstrainedLinear>(model.fc1).AheadRelu);  // Linear → ReLU
        Assert.False(Assert.IsType<ConstrainedLinear>(model.fc2).AheadRelu); // model output
        Assert.IsType<ReLU>(model.relu);
    }

    [Fact]
    public void Constrain_BranchNet_AheadReluExactlyWhereReluIsTheOnlyConsumer()
    {
        var model = new BranchNet();
        Linger.Constrain(model, randn(2, 2, 5, 5));
        Assert.True(Assert.IsType<ConstrainedBatchNorm2d>(model.bn0).AheadRelu);  // BN → ReLU, via forward()
        Assert.True(Assert.IsType<ConstrainedConv2d>(model.convA).AheadRelu);     // Conv → ReLU, via forward()
        Assert.False(Assert.IsType<ConstrainedConv2d>(model.convB).AheadRelu);    // ReLU and another conv consume it
        Assert.False(Assert.IsType<ConstrainedConv2d>(model.convC).AheadRelu);    // consumed by user-code cat
    }

    [Fact]
    public void Constrain_Sequential_FusesBothPairsAndKeepsKeys()
    {
        var model = new SeqNet();
        var keysBefore = model.state_dict().Keys.ToList();
        Linger.Constrain(model, randn(2, 2, 5, 5));
        var seq = model.body.children().ToList();
        Assert.True(Assert.IsType<ConvBn2d>(seq[0]).AheadRelu);
        Assert.IsType<EmptyBatchNorm>(seq[1]);
        Assert.False(Assert.IsType<ConvBn2d>(seq[3]).AheadRelu);               // its BN is the model output
        Assert.IsType<EmptyBatchNorm>(seq[4]);
        Assert.Equal(keysBefore, model.state_dict().Keys.ToList());
    }

    [Fact]
    public void Constrain_ResidualWithAddAndModuleList_SeesTheAddAsASecondConsumer()
    {
        var model = new ResidualNet();
        Linger.Constrain(model, randn(2, 2, 5, 5));
        Assert.False(Assert.IsType<ConstrainedConv2d>(model.conv1).AheadRelu);   // ReLU and Add consume it
        var fused = Assert.IsType<ConvBn2d>(model.blocks[0]);                      // fused inside a ModuleList
        Assert.IsType<EmptyBatchNorm>(model.blocks[1]);
        Assert.False(fused.AheadRelu);                                             // its BN feeds the Add
    }

    [Fact]
    public void Constrain_DisabledConv_IsNotFusedButAheadReluReachesInit()
    {
        var model = new BranchNet();
        Linger.DisableConstrain(model.convA);
        Linger.Constrain(model, randn(2, 2, 5, 5));
        Assert.IsType<Conv2d>(model.convA);
        Linger.Init(model);
        Assert.True(Assert.IsType<Conv2dInt>(model.convA).AheadRelu);
    }

    [Fact]
    public void ConvBn2d_Eval_MatchesConvThenBatchNormInFloat()
    {
        random.manual_seed(3);
        var floatModel = new ConvBnReluNet();
        RandomizeBatchNorms(floatModel, 4);
        var x = randn(3, 2, 6, 6) * 2;
        floatModel.eval();
        var expected = floatModel.call(x);
        var model = Linger.Constrain(floatModel, x, NoClamp);
        model.eval();
        var actual = model.call(x);
        double rel = (actual - expected).abs().max().item<float>() / expected.abs().max().item<float>();
        output.WriteLine($"fused eval vs conv→BN float: max relative difference {rel:G3}");
        Assert.True(rel < 1e-5, $"relative difference {rel}");
    }

    [Fact]
    public void ConvBn2d_Train_MatchesConvThenBatchNormAndUpdatesStatistics()
    {
        random.manual_seed(5);
        var reference = new ConvBnReluNet();
        var model = new ConvBnReluNet();
        model.load_state_dict(reference.state_dict());
        var x = randn(4, 2, 6, 6);
        Linger.Constrain(model, x, NoClamp);
        reference.train();
        model.train();
        var expected = reference.call(x);
        var actual = model.call(x);
        Assert.True((actual - expected).abs().max().item<float>() < 1e-5);
        expected.square().sum().backward();
        actual.square().sum().backward();
        var gRef = ((Conv2d)reference.conv).weight!.grad!;
        var g = Assert.IsType<ConvBn2d>(model.conv).Conv.weight!.grad!;
        Assert.True((g - gRef).abs().max().item<float>() <= 1e-4 * gRef.abs().max().item<float>());
        var bnRef = (BatchNorm2d)reference.bn;
        var bn = Assert.IsType<EmptyBatchNorm>(model.bn).BatchNorm;
        Assert.True((bn.running_mean! - bnRef.running_mean!).abs().max().item<float>() < 1e-6);
        Assert.True((bn.running_var! - bnRef.running_var!).abs().max().item<float>() < 1e-5);
        Assert.Equal(bnRef.num_batches_tracked!.item<long>(), bn.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void FreezeBatchNorm_RunningStatisticsStayAfterTraining()
    {
        var model = new ConvBnReluNet();
        Linger.Constrain(model, randn(2, 2, 6, 6), new ConstrainOptions { FreezeBatchNorm = true });
        var bn = ((EmptyBatchNorm)model.bn).BatchNorm;
        var before = bn.running_mean!.clone();
        model.train();
        model.call(randn(4, 2, 6, 6) * 3 + 1);
        Assert.Equal(0.0, ((ConvBn2d)model.conv).Momentum);
        Assert.Equal(TensorData.Floats(before), TensorData.Floats(bn.running_mean!));
    }
}
