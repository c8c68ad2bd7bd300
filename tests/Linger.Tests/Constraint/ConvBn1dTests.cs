using LingerNet.Constraint;
using LingerNet.Modules;
using LingerNet.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Constraint;

/// <summary>Conv1d + BatchNorm1d fusion in Linger.Constrain (linger's NormalizeConvBN1d) and Init of the pair into Conv1dInt.</summary>
public class ConvBn1dTests
{
    private static readonly ConstrainOptions NoClamp = new() { Bounds = ConstraintBounds.None };

    internal sealed class Conv1dBnNet : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> conv = nn.Conv1d(2, 4, 3, padding: 1);
        public nn.Module<Tensor, Tensor> bn = nn.BatchNorm1d(4);
        public nn.Module<Tensor, Tensor> relu = nn.ReLU();
        public nn.Module<Tensor, Tensor> conv2 = nn.Conv1d(4, 3, 1);

        public Conv1dBnNet() : base("conv1d_bn") => RegisterComponents();

        public override Tensor forward(Tensor x) => conv2.call(relu.call(bn.call(conv.call(x))));
    }

    [Fact]
    public void Constrain_Conv1dBn1dRelu_FusesAndKeepsKeys()
    {
        var model = new Conv1dBnNet();
        var keys = model.state_dict().Keys.ToList();
        Linger.Constrain(model, randn(2, 2, 8));
        var fused = Assert.IsType<ConvBn1d>(model.conv);
        Assert.Same(fused, Assert.IsType<EmptyBatchNorm>(model.bn).Owner);
        Assert.True(fused.AheadRelu);
        Assert.IsType<ConstrainedConv1d>(model.conv2);
        Assert.Equal(keys, model.state_dict().Keys.ToList());
    }

    [Fact]
    public void ConvBn1d_EvalAndTrain_MatchConvThenBatchNormInFloat()
    {
        random.manual_seed(3);
        var reference = new Conv1dBnNet();
        ConstrainTests.RandomizeBatchNorm((BatchNorm1d)reference.bn, 4);
        var model = new Conv1dBnNet();
        model.load_state_dict(reference.state_dict());
        var x = randn(3, 2, 9) * 2;
        Linger.Constrain(model, x, NoClamp);
        reference.eval();
        model.eval();
        var expected = reference.call(x);
        Assert.True((model.call(x) - expected).abs().max().item<float>() <= 1e-5 * expected.abs().max().item<float>());
        reference.train();
        model.train();
        expected = reference.call(x);
        Assert.True((model.call(x) - expected).abs().max().item<float>() <= 1e-4 * expected.abs().max().item<float>());
        var bnRef = (BatchNorm1d)reference.bn;
        var bn = Assert.IsType<EmptyBatchNorm>(model.bn).BatchNorm;
        Assert.True((bn.running_mean! - bnRef.running_mean!).abs().max().item<float>() < 1e-6);
        Assert.True((bn.running_var! - bnRef.running_var!).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void ConstrainedConv1d_ClampsWeightBiasAndOutput()
    {
        var conv = nn.Conv1d(1, 1, 1);
        using (no_grad()) { conv.weight!.fill_(3.0f); conv.bias!.fill_(5.0f); }
        var model = new Wrapper(conv);
        Linger.ConstrainModule(conv, weight: 1.0, bias: 2.0, output: 2.5);
        Linger.Constrain(model, ones(1, 1, 4));
        var y = model.call(full(new long[] { 1, 1, 2 }, 0.25f));
        Assert.Equal(new[] { 2.25f, 2.25f }, TensorData.Floats(y)); // 1·0.25 + 2
        Assert.Equal(new[] { 2.5f }, TensorData.Floats(model.call(full(new long[] { 1, 1, 1 }, 3f))));
    }

    [Fact]
    public void ConstrainThenInit_ProducesConv1dIntWithFoldedWeights_BnFolded()
    {
        random.manual_seed(7);
        var x = randn(4, 2, 8);
        var model = new Conv1dBnNet();
        ConstrainTests.RandomizeBatchNorm((BatchNorm1d)model.bn, 8);
        Linger.Constrain(model, x, NoClamp);
        var (wf, bf) = ((ConvBn1d)model.conv).FoldedParameters();
        Linger.Init(model);
        var q = Assert.IsType<Conv1dInt>(model.conv);
        Assert.IsType<FoldedBatchNorm>(model.bn);
        Assert.True(q.AheadRelu);
        Assert.Equal(TensorData.Floats(wf), TensorData.Floats(q.Weight));
        Assert.Equal(TensorData.Floats(bf), TensorData.Floats(q.Bias!));
        Assert.IsType<Conv1dInt>(model.conv2);
        Assert.DoesNotContain(model.state_dict().Keys, k => k.StartsWith("bn.", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadCheckpoint_FloatCheckpointIntoInitModel_FoldsBn1dIntoConv1dInt()
    {
        random.manual_seed(11);
        var floatModel = new Conv1dBnNet();
        ConstrainTests.RandomizeBatchNorm((BatchNorm1d)floatModel.bn, 12);
        var dict = floatModel.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var model = new Conv1dBnNet();
        Linger.Constrain(model, randn(2, 2, 8), NoClamp);
        Linger.Init(model);
        Linger.LoadStateDict(model, dict);
        var bn = (BatchNorm1d)floatModel.bn;
        var (wf, _) = ConvBn2d.Fold(dict["conv.weight"], dict["conv.bias"], bn.weight, bn.bias, bn.running_mean!, bn.running_var!, bn.eps);
        Assert.Equal(TensorData.Floats(wf), TensorData.Floats(((Conv1dInt)model.conv).Weight));
    }
}
