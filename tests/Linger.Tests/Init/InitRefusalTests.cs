using LingerNet.Modules;
using LingerNet.Quantization;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static LingerNet.Tests.Support.Refusals;
using static TorchSharp.torch;

namespace LingerNet.Tests.Init;

/// <summary>Every option of an accepted float module is honoured or refused; nothing is left in float silently.</summary>
public class InitRefusalTests
{
    [Fact]
    public void Init_LayersWithoutQuantizedForm_ListsEachByPathWithTheFix()
    {
        var model = new Seq(nn.Conv2d(1, 2, 3), nn.GELU(), nn.ELU());
        string msg = InitFails(model);
        Assert.Contains("'b' (GELU) has no quantized form", msg);
        Assert.Contains("'c' (ELU) has no quantized form", msg);
        Assert.Contains("Linger.DisableQuant", msg);
        Assert.IsType<TorchSharp.Modules.Conv2d>(model.a); // unchanged: the failed Init replaced nothing
    }

    [Fact]
    public void Init_UserLeafOwningParameters_IsRefused()
    {
        var model = new Wrapper(new ScaleByParameter());
        Assert.Contains("'layer' (ScaleByParameter) has no quantized form", InitFails(model));
    }

    private sealed class ScaleByParameter : nn.Module<Tensor, Tensor>
    {
        public TorchSharp.Modules.Parameter s = new(ones(1));
        public ScaleByParameter() : base("scale") => RegisterComponents();
        public override Tensor forward(Tensor x) => x * s;
    }

    [Fact]
    public void Init_DisableQuantOnUnsupportedLeaf_Passes()
    {
        var gelu = nn.GELU();
        var model = new Seq(nn.Conv2d(1, 2, 3), gelu, nn.Identity());
        Linger.DisableQuant(gelu);
        Linger.Init(model);
        Assert.IsType<Conv2dInt>(model.a);
        Assert.Same(gelu, model.b);
        Assert.IsType<IqIdentity>(model.c);
    }

    [Fact]
    public void Init_OutputBitsTheLayerCannotWrite_RefusedNamingModule()
    {
        var model = new Wrapper(nn.Linear(3, 2));
        Linger.QuantModule(model.layer, outBits: 4);
        string msg = InitFails(model);
        Assert.Contains("'layer' (Linear): output bits 4", msg);
        Assert.Contains("outBits 8, 16, 32", msg);
        var bn = new Wrapper(nn.BatchNorm2d(2));
        Linger.QuantModule(bn.layer, outBits: 16);
        Assert.Contains("'layer' (BatchNorm2d): output bits 16", InitFails(bn));
    }

    [Fact]
    public void Init_ConvAndLinearWideOutputBits_Accepted()
    {
        foreach (int bits in new[] { 16, 32 })
        {
            var lin = new Wrapper(nn.Linear(3, 2));
            Linger.QuantModule(lin.layer, outBits: bits);
            Assert.Equal(bits, Assert.IsType<LinearInt>(Linger.Init(lin).layer).Config.OutBits);
            var conv = new Wrapper(nn.Conv2d(1, 2, 3));
            Linger.QuantModule(conv.layer, outBits: bits);
            Assert.Equal(bits, Assert.IsType<Conv2dInt>(Linger.Init(conv).layer).Config.OutBits);
        }
    }

    [Fact]
    public void Init_AvgPoolExcludingPadding_Refused()
    {
        string msg = InitFails(new Wrapper(nn.AvgPool2d(new long[] { 3, 3 }, new long[] { 1, 1 }, new long[] { 1, 1 }, count_include_pad: false)));
        Assert.Contains("'layer' (AvgPool2d): count_include_pad = false", msg);
        Assert.Contains("count_include_pad = true", msg);
    }

    [Fact]
    public void Init_AvgPoolExcludingPaddingWithoutPadding_SameAsIncluding()
    {
        // Without padding every window is full: count_include_pad makes no difference and is accepted.
        var m = Linger.Init(new Wrapper(nn.AvgPool2d(new long[] { 2, 2 }, count_include_pad: false)));
        Assert.IsType<AvgPool2dInt>(m.layer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Init_BatchNormCumulativeMomentum_Refused(int dims)
    {
        var bn = dims == 1 ? (TorchSharp.Modules.BatchNorm)nn.BatchNorm1d(2) : nn.BatchNorm2d(2);
        bn.momentum = null;
        Assert.Contains($"'layer' (BatchNorm{dims}d): momentum = null", InitFails(new Wrapper(bn)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Init_BatchNormWithoutRunningStats_Refused(int dims)
    {
        var bn = dims == 1 ? (TorchSharp.Modules.BatchNorm)nn.BatchNorm1d(2, track_running_stats: false) : nn.BatchNorm2d(2, track_running_stats: false);
        Assert.Contains($"'layer' (BatchNorm{dims}d): needs track_running_stats = true", InitFails(new Wrapper(bn)));
    }

    [Fact]
    public void Init_ConvReflectPadding_Refused()
        => Assert.Contains("padding mode", InitFails(new Wrapper(nn.Conv2d(1, 1, 3, padding: 1, padding_mode: PaddingModes.Reflect))));

    [Fact]
    public void Init_PoolStrideVenusRejects_RefusedWithTheFix()
    {
        string msg = InitFails(new Wrapper(nn.MaxPool2d(new long[] { 3, 3 }, new long[] { 3, 3 })));
        Assert.Contains("'layer' (MaxPool2d): stride 3 is not 1, 2 or 4", msg);
        Assert.Contains("CheckVenusLimits = false", msg);
        Assert.IsType<IqMaxPool2d>(Linger.Init(new Wrapper(nn.MaxPool2d(new long[] { 3, 3 }, new long[] { 3, 3 })), new LingerOptions { CheckVenusLimits = false }).layer);
    }

    [Fact]
    public void Init_MaxPoolCeilMode_Refused()
        => Assert.Contains("ceil_mode", InitFails(new Wrapper(nn.MaxPool2d(new long[] { 2, 2 }, ceil_mode: true))));

    [Fact]
    public void Init_MaxPoolDilation_Refused()
        => Assert.Contains("dilation 2 is rejected", InitFails(new Wrapper(nn.MaxPool2d(new long[] { 2, 2 }, dilation: new long[] { 2, 2 }))));
}
