using LingerNet.Constraint;
using LingerNet.Modules;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Constraint;

/// <summary>ConvTranspose2d + BatchNorm2d fusion in Linger.Constrain (linger's NormalizeConvTransposeBN2d) and Init of the pair into ConvTranspose2dInt.</summary>
public class ConvTransposeBn2dTests : IDisposable
{
    private static readonly ConstrainOptions NoClamp = new() { Bounds = ConstraintBounds.None };
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-deconvbn").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    internal sealed class DeconvBnNet : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> conv;
        public nn.Module<Tensor, Tensor> deconv;
        public nn.Module<Tensor, Tensor> bn = nn.BatchNorm2d(4);
        public nn.Module<Tensor, Tensor> relu = nn.ReLU();

        public DeconvBnNet(long groups) : base("deconv_bn")
        {
            conv = nn.Conv2d(2, 2, 3, padding: 1);
            deconv = nn.ConvTranspose2d(2, 4, 2, stride: 2, groups: groups);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => relu.call(bn.call(deconv.call(conv.call(x))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ConvTransposeBn2d_Eval_MatchesDeconvThenBatchNormInFloat(long groups)
    {
        random.manual_seed(3);
        var reference = new DeconvBnNet(groups);
        ConstrainTests.RandomizeBatchNorm((BatchNorm2d)reference.bn, 4);
        var model = new DeconvBnNet(groups);
        model.load_state_dict(reference.state_dict());
        var x = randn(2, 2, 4, 4);
        Linger.Constrain(model, x, NoClamp);
        Assert.IsType<ConvTransposeBn2d>(model.deconv);
        Assert.IsType<EmptyBatchNorm>(model.bn);
        reference.eval();
        model.eval();
        var expected = reference.call(x);
        Assert.True((model.call(x) - expected).abs().max().item<float>() <= 1e-5 * expected.abs().max().item<float>());
    }

    [Fact]
    public void LoadStateDict_FloatCheckpointIntoInitModel_FoldsAlongTheOutputChannelsPerGroup()
    {
        random.manual_seed(11);
        var floatModel = new DeconvBnNet(2);
        ConstrainTests.RandomizeBatchNorm((BatchNorm2d)floatModel.bn, 12);
        var twin = new DeconvBnNet(2);
        twin.load_state_dict(floatModel.state_dict());
        Linger.Constrain(twin, randn(2, 2, 4, 4), NoClamp);
        var (wf, bf) = ((ConvTransposeBn2d)twin.deconv).FoldedParameters();
        var model = new DeconvBnNet(2);
        Linger.Constrain(model, randn(2, 2, 4, 4), NoClamp);
        Linger.Init(model, new LingerOptions { CheckVenusLimits = false }); // groups 2: generic target
        Linger.LoadStateDict(model, floatModel.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone()));
        var q = Assert.IsType<ConvTranspose2dInt>(model.deconv);
        Assert.Equal(TensorData.Floats(wf), TensorData.Floats(q.Weight));
        Assert.Equal(TensorData.Floats(bf), TensorData.Floats(q.Bias!));
    }

    [Fact]
    public void DeconvBn_ConstrainTrainInitTrainExport_RuntimeBitExact()
    {
        random.manual_seed(21);
        var model = new DeconvBnNet(1);
        var x = randn(4, 2, 4, 4);
        Linger.Constrain(model, x);
        var opt = optim.SGD(model.parameters(), 0.01);
        model.train();
        for (int i = 0; i < 5; i++) { opt.zero_grad(); model.call(randn(4, 2, 4, 4)).square().mean().backward(); opt.step(); }
        Linger.Init(model);
        Assert.IsType<ConvTranspose2dInt>(model.deconv);
        Assert.IsType<FoldedBatchNorm>(model.bn);
        opt = optim.SGD(model.parameters(), 0.001);
        model.train();
        for (int i = 0; i < 5; i++) { opt.zero_grad(); model.call(randn(4, 2, 4, 4)).square().mean().backward(); opt.step(); }
        model.eval();
        string path = Path.Combine(_dir, "deconv.onnx");
        Linger.Export(model, x, path);
        using var rt = LingerRuntime.Load(path);
        for (int b = 0; b < 3; b++)
        {
            var xb = b == 0 ? x : randn(4, 2, 4, 4);
            var y = model.call(xb);
            var tag = QuantTags.Get(y)!;
            var result = rt.Run(TensorData.Floats(xb)).Outputs[0];
            Assert.Equal(tag.Scale, result.Scale);
            Assert.Equal(TensorData.Integers(y, tag.Scale.Exponent), result.Int8!.Select(v => (long)v).ToArray());
        }
    }

    [Fact]
    public void Constrain_UnfusedConvTranspose2d_IsClamped()
    {
        var deconv = nn.ConvTranspose2d(1, 1, 1);
        using (no_grad()) { deconv.weight!.fill_(3.0f); deconv.bias!.fill_(0f); }
        var model = new Wrapper(deconv);
        Linger.ConstrainModule(deconv, weight: 1.0, bias: null, output: 8.0);
        Linger.Constrain(model, ones(1, 1, 2, 2));
        Assert.IsType<ConstrainedConvTranspose2d>(model.layer);
        Assert.Equal(new[] { 2f, 2f, 2f, 2f }, TensorData.Floats(model.call(full(new long[] { 1, 1, 2, 2 }, 2f))));
        Assert.IsType<ConvTranspose2dInt>(Linger.Init(model).layer);
    }
}
