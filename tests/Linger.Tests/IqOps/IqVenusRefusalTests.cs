using LingerNet.Numerics.Dialect;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.IqOps;

/// <summary>Every op the venus chip computes wrongly is refused at export for venus, with the reason and the alternative.</summary>
public class IqVenusRefusalTests
{
    private static string Refusal(IqHarness model, long[] shape)
    {
        using var scope = NewDisposeScope();
        return IqParity.ExportError(model, shape, 2f, 11);
    }

    [Fact]
    public void Sub_Venus_RefusedSuggestingAddWithNegation()
    {
        var m = Refusal(IqArithmeticParityTests.TwoBranch(Linger.Nn.Sub()), [1, 2, 4, 4]);
        Assert.Contains("iqSub is computed wrongly by the venus chip", m);
        Assert.Contains("MulScalar(-1)", m);
        Assert.Contains("'op_iqSub'", m);
    }

    [Fact]
    public void Sub_SuggestedAlternative_AddWithMulScalarMinusOne_RunsOnVenus()
    {
        using var scope = NewDisposeScope();
        var model = new IqHarness((h, x) => ((nn.Module<Tensor, Tensor, Tensor>)h.Part("add")).call(h.M("a").call(x), h.M("neg").call(h.M("b").call(x))),
            ("a", nn.Conv2d(2, 3, 3, padding: 1)), ("b", nn.Conv2d(2, 3, 1)), ("neg", Linger.Nn.MulScalar(-1)), ("add", Linger.Nn.Add()));
        IqParity.Check(model, [1, 2, 4, 4], 2f, 3);
    }

    [Fact]
    public void Div_Venus_RefusedSuggestingMulScalar()
    {
        var m = Refusal(IqArithmeticParityTests.TwoBranch(Linger.Nn.Div()), [1, 2, 4, 4]);
        Assert.Contains("iqDiv is computed wrongly by the venus chip", m);
        Assert.Contains("MulScalar(1 / c)", m);
    }

    [Fact]
    public void Sum_Venus_RefusedSuggestingAvgPool()
    {
        var m = Refusal(IqArithmeticParityTests.OneBranch(Linger.Nn.Sum([2, 3])), [1, 2, 4, 4]);
        Assert.Contains("iqSum is computed wrongly by the venus chip", m);
        Assert.Contains("only the first row", m);
        Assert.Contains("AvgPool2d with kernel (H, W) of power-of-two area", m);
    }

    [Fact]
    public void Var_Venus_RefusedSayingWrongAxis()
    {
        var m = Refusal(IqArithmeticParityTests.OneBranch(Linger.Nn.Var(1)), [1, 2, 4, 4]);
        Assert.Contains("iqVar is computed wrongly by the venus chip", m);
        Assert.Contains("wrong axis", m);
    }

    [Fact]
    public void Mul_PerChannelBatchTwo_VenusRefused_GenericRuns()
    {
        IqHarness Model() => new((h, x) => ((nn.Module<Tensor, Tensor, Tensor>)h.Part("mul")).call(h.M("a").call(x), h.M("pool").call(h.M("b").call(x))),
            ("a", nn.Conv2d(2, 3, 3, padding: 1)), ("b", nn.Conv2d(2, 3, 1)), ("pool", nn.AvgPool2d(4)), ("mul", Linger.Nn.Mul()));
        var m = Refusal(Model(), [2, 2, 4, 4]);
        Assert.Contains("per-channel broadcast with batch 2", m);
        using var scope = NewDisposeScope();
        IqParity.Check(Model(), [2, 2, 4, 4], 2f, 5, ChipTarget.Generic);
    }

    [Fact]
    public void Pad_ReflectOrReplicate_VenusRefusedSayingPackerSwaps()
    {
        foreach (var mode in new[] { "reflect", "replicate" })
        {
            var m = Refusal(IqArithmeticParityTests.OneBranch(Linger.Nn.Pad([1, 1, 1, 1], mode)), [1, 2, 4, 4]);
            Assert.Contains("swaps reflect and edge", m);
        }
    }

    [Fact]
    public void Pad_BatchTwo_VenusRefused()
        => Assert.Contains("batch 2", Refusal(IqArithmeticParityTests.OneBranch(Linger.Nn.Pad([1, 1])), [2, 2, 4, 4]));

    [Fact]
    public void Clamp_UnsupportedBounds_RefusedListingLegalOnes()
    {
        var e = Assert.Throws<LingerException>(() => Linger.Nn.Clamp(0, 6));
        Assert.Contains("127/2^n", e.Message);
        Assert.Contains("7.9375", e.Message);
        Assert.Throws<LingerException>(() => Linger.Nn.Clamp(-1, 7.9375));
    }
}
