using LingerNet.Modules;
using LingerNet.Quantization;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static LingerNet.Tests.Support.Refusals;
using static TorchSharp.torch;

namespace LingerNet.Tests.Init;

/// <summary>Init of the conv/pool family (issue 7 part 2): each float option honoured or refused by path with the fix.</summary>
public class ConvFamilyInitTests
{
    [Fact]
    public void Init_Conv1d_BecomesConv1dIntSharingParameters()
    {
        var conv = nn.Conv1d(2, 4, 3, stride: 2, padding: 1);
        var model = Linger.Init(new Wrapper(conv));
        var q = Assert.IsType<Conv1dInt>(model.layer);
        Assert.Same(conv.weight, q.Weight);
        Assert.Equal((2L, 1L, 1L, 1L), (q.Stride, q.Padding, q.Dilation, q.Groups));
    }

    [Fact]
    public void Init_Conv1dDilatedForVenus_IsRefusedWithTheRule()
    {
        string msg = InitFails(new Wrapper(nn.Conv1d(2, 4, 3, dilation: 2)));
        Assert.Contains("'layer' (Conv1d)", msg);
        Assert.Contains("dilation 2 is rejected", msg);
        Assert.Contains("CheckVenusLimits = false", msg);
    }

    [Fact]
    public void Init_Conv1dDepthwiseForVenus_IsRefused()
        => Assert.Contains("depthwise Conv1d", InitFails(new Wrapper(nn.Conv1d(4, 4, 3, groups: 4))));

    [Fact]
    public void Init_Conv1dDilatedGenericTarget_IsAccepted()
        => Assert.IsType<Conv1dInt>(Linger.Init(new Wrapper(nn.Conv1d(4, 4, 3, dilation: 2, groups: 4)), new LingerOptions { CheckVenusLimits = false }).layer);

    [Fact]
    public void Init_Conv1dReflectPadding_IsRefused()
        => Assert.Contains("padding mode", InitFails(new Wrapper(nn.Conv1d(2, 4, 3, padding: 1, padding_mode: TorchSharp.PaddingModes.Reflect))));

    [Fact]
    public void Init_Conv1dSamePadding_IsRefused()
        => Assert.Contains("give explicit padding", InitFails(new Wrapper(nn.Conv1d(2, 4, 3, padding: TorchSharp.Padding.Same))));

    [Fact]
    public void Init_Conv1dKernelSix_IsRefused()
        => Assert.Contains("kernel 6 is outside 1..5", InitFails(new Wrapper(nn.Conv1d(2, 4, 6))));

    [Fact]
    public void Init_Conv1dOutBits16_IsRefused()
        => Assert.Contains("output bits 16", InitFails(new Wrapper(nn.Conv1d(2, 4, 3)), new LingerOptions { OutBits = 16 }));

    [Fact]
    public void Init_BatchNorm1d_BecomesQuantizedBatchNormSharingStatistics()
    {
        var bn = nn.BatchNorm1d(3);
        var q = Assert.IsType<BatchNorm2dInt>(Linger.Init(new Wrapper(bn)).layer);
        Assert.Same(bn.running_mean, q.RunningMean);
        Assert.Equal([2, 3], q.InputRanks);
    }

    [Fact]
    public void QuantizedBatchNorm1d_FourDimensionalInput_IsRefusedByName()
    {
        var model = Linger.Init(new Wrapper(nn.BatchNorm1d(3)));
        Assert.Contains("must have 2 or 3 dimensions", Assert.Throws<LingerException>(() => model.call(randn(2, 3, 4, 4))).Message);
    }

    [Fact]
    public void Init_Pools1d_BecomeTwoDimensionalWindowsOverLByOne()
    {
        var avg = Assert.IsType<AvgPool1dInt>(Linger.Init(new Wrapper(nn.AvgPool1d(3, 2, 1))).layer);
        Assert.Equal(new long[] { 3, 1 }, avg.pool.KernelSize);
        Assert.Equal(new long[] { 2, 1 }, avg.pool.Stride);
        Assert.Equal(new long[] { 1, 0 }, avg.pool.Padding);
        var max = Assert.IsType<IqMaxPool1d>(Linger.Init(new Wrapper(nn.MaxPool1d(2))).layer);
        Assert.Equal(new long[] { 2, 1 }, max.pool.Stride);
    }

    [Fact]
    public void Init_AvgPool1dCeilMode_IsRefused()
        => Assert.Contains("'layer' (AvgPool1d): ceil_mode", InitFails(new Wrapper(nn.AvgPool1d(2, ceil_mode: true))));

    [Fact]
    public void Init_AvgPool1dExcludingPadding_IsRefused()
        => Assert.Contains("count_include_pad = false", InitFails(new Wrapper(nn.AvgPool1d(3, 1, 1, count_include_pad: false))));

    [Fact]
    public void Init_AvgPool1dKernel7PaddedForVenus_IsRefused() // unpadded, it may be a global pool: checked at export
        => Assert.Contains("kernel 7 is outside 1..5", InitFails(new Wrapper(nn.AvgPool1d(7, 1, 1))));

    [Fact]
    public void Init_MaxPool1dCeilMode_IsRefused()
        => Assert.Contains("'layer' (MaxPool1d): ceil_mode", InitFails(new Wrapper(nn.MaxPool1d(2, ceil_mode: true))));

    [Fact]
    public void Init_AdaptiveAvgPool2dOne_BecomesGlobalAvgPool2dInt()
        => Assert.True(Assert.IsType<AvgPool2dInt>(Linger.Init(new Wrapper(nn.AdaptiveAvgPool2d(1))).layer).IsGlobal);

    [Fact]
    public void Init_AdaptiveAvgPool2dOtherSize_IsRefused()
        => Assert.Contains("'layer' (AdaptiveAvgPool2d): output size [2, 2] is not supported", InitFails(new Wrapper(nn.AdaptiveAvgPool2d(2))));

    [Fact]
    public void Init_ConvTranspose2d_BecomesConvTranspose2dIntSharingParameters()
    {
        var conv = nn.ConvTranspose2d(2, 3, 3, stride: 2, padding: 1, output_padding: 1, bias: false);
        var q = Assert.IsType<ConvTranspose2dInt>(Linger.Init(new Wrapper(conv)).layer);
        Assert.Same(conv.weight, q.Weight);
        Assert.Equal(new long[] { 1, 1 }, q.OutputPadding);
    }

    [Fact]
    public void Init_ConvTranspose2dGroupsForVenus_IsRefused()
        => Assert.Contains("group 2 is not 1", InitFails(new Wrapper(nn.ConvTranspose2d(2, 2, 3, groups: 2))));

    [Fact]
    public void Init_ConvTranspose2dPadEqualToKernelForVenus_IsRefused()
        => Assert.Contains("padding 2 exceeds kernel − 1 = 1", InitFails(new Wrapper(nn.ConvTranspose2d(2, 2, 2, padding: 2))));

    [Fact]
    public void Init_ConvTranspose2dStride4Kernel3ForVenus_IsRefused()
        => Assert.Contains("stride 4 with kernel 3", InitFails(new Wrapper(nn.ConvTranspose2d(2, 2, 3, stride: 4))));

    [Fact]
    public void Init_ConvTranspose2dDilatedForVenus_IsRefused()
        => Assert.Contains("dilation [2, 2] is rejected", InitFails(new Wrapper(nn.ConvTranspose2d(2, 2, 3, dilation: 2))));

    [Fact]
    public void Init_ConvTranspose2dOutBits16_IsRefused()
        => Assert.Contains("'layer' (ConvTranspose2d): output bits 16", InitFails(new Wrapper(nn.ConvTranspose2d(2, 2, 3)), new LingerOptions { OutBits = 16 }));

    [Fact]
    public void Init_Embedding_BecomesEmbeddingIntSharingTheTable()
    {
        var e = nn.Embedding(5, 3);
        var q = Assert.IsType<EmbeddingInt>(Linger.Init(new Wrapper(e)).layer);
        using (no_grad()) q.Weight.fill_(0.5f); // the same storage: the float table sees the change
        Assert.All(TensorData.Floats(e.weight!), v => Assert.Equal(0.5f, v));
    }

    [Fact]
    public void Init_EmbeddingFloatOutput_IsRefused()
        => Assert.Contains("'layer' (Embedding): output bits null (float) are not supported", InitFails(new Wrapper(nn.Embedding(5, 3)), new LingerOptions { OutBits = null }));

    [Fact]
    public void EmbeddingInt_Int32Indices_AreRefusedByName()
    {
        var model = Linger.Init(new Wrapper(nn.Embedding(5, 3)));
        Assert.Contains("indices must be int64", Assert.Throws<LingerException>(() => model.call(tensor(new int[] { 1, 2 }))).Message);
    }

    [Fact]
    public void Init_ConvTranspose1d_BecomesConvTranspose1dInt()
    {
        var q = Assert.IsType<ConvTranspose1dInt>(Linger.Init(new Wrapper(nn.ConvTranspose1d(2, 3, 4, stride: 2, padding: 1, output_padding: 1))).layer);
        Assert.Equal((2L, 1L, 1L), (q.Stride, q.Padding, q.OutputPadding));
    }

    [Fact]
    public void Init_ConvTranspose1dGroupsForVenus_IsRefused()
        => Assert.Contains("'layer' (ConvTranspose1d, run as a [k, 1] ConvTranspose2dInt): group 2 is not 1", InitFails(new Wrapper(nn.ConvTranspose1d(2, 2, 3, groups: 2))));
}

