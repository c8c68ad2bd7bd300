using LingerNet.Modules;
using LingerNet.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Init;

public class InitTests
{
    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> conv;
        public Sequential seq;
        public ModuleList<nn.Module<Tensor, Tensor>> list;
        public ModuleDict<nn.Module<Tensor, Tensor>> dict;

        public Block() : base("block")
        {
            conv = nn.Conv2d(1, 4, 3, padding: 1);
            seq = nn.Sequential(("c", nn.Conv2d(4, 4, 3, padding: 1)), ("bn", nn.BatchNorm2d(4)), ("relu", nn.ReLU()));
            list = nn.ModuleList<nn.Module<Tensor, Tensor>>(nn.MaxPool2d(2), nn.Flatten());
            dict = nn.ModuleDict<nn.Module<Tensor, Tensor>>(("fc", nn.Linear(4 * 4 * 4, 3)));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            x = seq.call(conv.call(x));
            foreach (var m in list) x = m.call(x);
            return dict["fc"].call(x);
        }
    }

    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> block = new Block();
        public Net() : base("net") => RegisterComponents();
        public override Tensor forward(Tensor x) => block.call(x);
    }

    [Fact]
    public void Init_NestedFieldsSequentialListDict_AllReplacedSameParametersSameKeyOrder()
    {
        var net = new Net();
        var paramsBefore = net.parameters().ToList();
        var keysBefore = net.state_dict().Keys.ToList();
        Linger.Init(net);
        var block = (Block)net.block;
        Assert.IsType<Conv2dInt>(block.conv);
        var kinds = block.seq.children().Select(c => c.GetType()).ToList();
        Assert.Equal(new[] { typeof(Conv2dInt), typeof(BatchNorm2dInt), typeof(IqRelu) }, kinds);
        Assert.IsType<IqMaxPool2d>(block.list[0]);
        Assert.IsType<IqFlatten>(block.list[1]);
        Assert.IsType<LinearInt>(block.dict["fc"]);
        Assert.All(net.modules(), m => Assert.False(m is Conv2d or Linear or BatchNorm2d or ReLU));

        var paramsAfter = net.parameters().ToList();
        Assert.Equal(paramsBefore.Count, paramsAfter.Count);
        Assert.All(paramsBefore.Zip(paramsAfter), p => Assert.Same(p.First, p.Second));
        var keysAfter = net.state_dict().Keys.Where(k => !k.Contains("running_x") && !k.Contains("running_o")).ToList();
        Assert.Equal(keysBefore, keysAfter);
        Assert.Contains("block.seq.c.running_x", net.state_dict().Keys);

        net.train();
        var y = net.call(randn(2, 1, 8, 8));
        Assert.Equal(new long[] { 2, 3 }, y.shape);
        net.eval();
        Assert.NotNull(Quantization.QuantTags.Get(net.call(randn(2, 1, 8, 8))));
    }

    private sealed class SealedFields : nn.Module<Tensor, Tensor>
    {
        public Conv2d conv1 = nn.Conv2d(1, 2, 3);
        public Linear Head { get; } = nn.Linear(2, 2);
        public nn.Module<Tensor, Tensor> ok = nn.ReLU();
        public SealedFields() : base("sealed") => RegisterComponents();
        public override Tensor forward(Tensor x) => x;
    }

    [Fact]
    public void Init_FieldsOfSealedTypes_ThrowsNamingEveryFieldAndLeavesModelUnchanged()
    {
        var m = new SealedFields();
        var e = Assert.Throws<LingerException>(() => Linger.Init(m));
        Assert.Contains("'conv1'", e.Message);
        Assert.Contains("'Head'", e.Message);
        Assert.Contains("Module<Tensor, Tensor>", e.Message);
        Assert.IsType<ReLU>(m.ok); // nothing was replaced
    }

    [Fact]
    public void Init_ReplacedModulesCollected_SharedTensorsStayValid()
    {
        var net = new Net();
        Linger.Init(net);
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        net.train();
        net.call(randn(2, 1, 8, 8));
        net.eval();
        Assert.Equal(new long[] { 2, 3 }, net.call(randn(2, 1, 8, 8)).shape);
    }

    [Fact]
    public void Init_Twice_Throws()
    {
        var m = Linger.Init(new Wrapper(nn.Linear(2, 2)));
        var e = Assert.Throws<LingerException>(() => Linger.Init(m));
        Assert.Contains("already", e.Message);
    }

    [Fact]
    public void Init_UnsupportedConvConfiguration_ThrowsWithPath()
    {
        var e = Assert.Throws<LingerException>(() => Linger.Init(new Wrapper(nn.Conv2d(1, 1, 7, stride: 3))));
        Assert.Contains("'layer'", e.Message);
        Assert.Contains("kernel", e.Message);
        Assert.Contains("stride 3", e.Message);
    }

    [Fact]
    public void Init_RootIsALayer_Throws()
        => Assert.Throws<LingerException>(() => Linger.Init(nn.Linear(2, 2)));

    [Fact]
    public void DisableQuant_KeepsSubtreeInFloat()
    {
        var net = new Net();
        var block = (Block)net.block;
        Linger.DisableQuant(block.seq);
        Linger.Init(net);
        Assert.IsType<Conv2dInt>(block.conv);
        Assert.IsType<Conv2d>(block.seq.children().First());
    }

    [Fact]
    public void QuantModule_SetsBitsOfTheSubtree()
    {
        var net = new Net();
        var block = (Block)net.block;
        Linger.QuantModule(block.seq, dataBits: 8, parameterBits: 4, outBits: null);
        Linger.Init(net);
        var c = Assert.IsType<Conv2dInt>(block.seq.children().First());
        Assert.Equal(4, c.Config.ParameterBits);
        Assert.Null(c.Config.OutBits);
        Assert.Equal(8, ((Conv2dInt)block.conv).Config.ParameterBits);
    }

    [Fact]
    public void Eval_BeforeAnyTraining_ThrowsNamingTheModule()
    {
        var m = Linger.Init(new Wrapper(nn.Linear(2, 2)));
        m.eval();
        var e = Assert.Throws<LingerException>(() => m.call(randn(1, 2)));
        Assert.Contains("statistics", e.Message);
    }
}
