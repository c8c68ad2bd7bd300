using CsCheck;
using LingerNet.Export;
using LingerNet.Numerics.Dialect;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.EndToEnd;

/// <summary>
/// o_bits 16/32 outputs of Conv2dInt/LinearInt and Linger.Nn.Requant, each combination of consumer and target:
/// training, export and the runtime agree on which work (bit-exact) and which are refused (naming the modules).
/// </summary>
public class WideOutputTests : IDisposable
{
    private readonly RuntimeParity _parity = new("wide");

    public void Dispose() => _parity.Dispose();

    private static readonly ExportOptions GenericExport = new() { Target = ChipTarget.Generic };
    private static readonly LoadOptions GenericLoad = new() { Target = ChipTarget.Generic };

    private sealed class Two : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> first;
        public nn.Module<Tensor, Tensor> second;

        public Two(nn.Module<Tensor, Tensor> first, nn.Module<Tensor, Tensor> second) : base("two")
        {
            this.first = first;
            this.second = second;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => second.call(first.call(x));
    }

    private static T Bits<T>(T module, int? outBits) where T : nn.Module
    {
        Linger.QuantModule(module, outBits: outBits);
        return module;
    }

    /// <summary>Trains a few batches, exports, runs; returns eval integers and the runtime's integers of the graph output's integer value.</summary>
    private (long[] Eval, long[] Runtime, QuantInfo Tag) Run(nn.Module<Tensor, Tensor> model, long[] shape, int seed, float range = 2f, ExportOptions? export = null, LoadOptions? load = null)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        Linger.Init(model);
        var (_, y, result) = _parity.ExportAndRun(model, shape, range, export, load, run: new RunOptions { Dump = true });
        var tag = QuantTags.Get(y)!;
        // The integer value that enters the trailing Dequant (named after the last module).
        var dq = result.Dump!.Last(t => t.ElementType != TensorElementType.Float32);
        Assert.Equal(tag.Scale, dq.Scale);
        var runtime = Enumerable.Range(0, dq.Length).Select(dq.GetInteger).ToArray();
        Assert.Equal(tag.Scale.Exponent, dq.Scale!.Value.Exponent);
        // The float the graph returns is the Dequant of those integers, as eval's value.
        if (tag.Bits <= 16) Assert.Equal(TensorData.Floats(y), result.Outputs[0].Float);
        return (TensorData.Integers(y, tag.Scale.Exponent), runtime, tag);
    }

    [Fact]
    public void LinearAndConv_OutBits16_ToGraphOutput_VenusBitExact()
        => Gen.Select(Gen.Bool, Gen.OneOf(0.3f, 2f, 25f), Gen.Int[0, 100_000]).Sample((conv, range, seed) =>
        {
            nn.Module<Tensor, Tensor> layer = conv ? nn.Conv2d(2, 3, 3, padding: 1) : nn.Linear(6, 4);
            var (eval, runtime, tag) = Run(new Wrapper(Bits(layer, 16)), conv ? [2, 2, 5, 5] : [3, 6], seed, range);
            Assert.Equal(16, tag.Bits);
            Assert.Equal(eval, runtime);
        }, iter: 8, threads: 1);

    [Fact]
    public void Conv_OutBits32_GraphOutput_RefusedOnVenusBitExactGeneric()
    {
        var e = Assert.Throws<LingerException>(() => Run(new Wrapper(Bits(nn.Conv2d(2, 3, 3, padding: 1), 32)), [2, 2, 5, 5], 1));
        Assert.Contains("int32", e.Message);
        Assert.Contains("layer", e.Message);
        var (eval, runtime, tag) = Run(new Wrapper(Bits(nn.Conv2d(2, 3, 3, padding: 1), 32)), [2, 2, 5, 5], 1, 25f, GenericExport, GenericLoad);
        Assert.Equal(32, tag.Bits);
        Assert.Equal(eval, runtime);
    }

    [Fact]
    public void WideOutputIntoInt8Layer_RefusedOnVenusNamingBoth_RequantGeneric()
    {
        foreach (int bits in new[] { 16, 32 })
        {
            var e = Assert.Throws<LingerException>(() => Run(new Two(Bits(nn.Linear(6, 5), bits), nn.Linear(5, 3)), [3, 6], 2));
            Assert.Contains("module 'second' (LinearInt)", e.Message);
            Assert.Contains("producer 'first'", e.Message);
            Assert.Contains($"{bits}-bit", e.Message);
            var (eval, runtime, tag) = Run(new Two(Bits(nn.Linear(6, 5), bits), nn.Linear(5, 3)), [3, 6], 2, 2f, GenericExport, GenericLoad);
            Assert.Equal(8, tag.Bits);
            Assert.Equal(eval, runtime);
        }
    }

    [Fact]
    public void Requant_8To16And8To32_VenusLeftShift_BitExact()
    {
        var (eval, runtime, tag) = Run(new Two(nn.Linear(6, 4), Linger.Nn.Requant(16)), [3, 6], 3);
        Assert.Equal(16, tag.Bits);
        Assert.Equal(eval, runtime);
        Assert.All(eval, v => Assert.Equal(0, v % 256)); // an exact ×2^8
        // 8 → 32 shifts by 24 bits: accepted by venus's Requant, but its int32 Dequant is broken: generic only as graph output.
        var e = Assert.Throws<LingerException>(() => Run(new Two(nn.Linear(6, 4), Linger.Nn.Requant(32)), [3, 6], 3));
        Assert.Contains("int32", e.Message);
        (eval, runtime, _) = Run(new Two(nn.Linear(6, 4), Linger.Nn.Requant(32)), [3, 6], 3, 2f, GenericExport, GenericLoad);
        Assert.Equal(eval, runtime);
    }

    [Fact]
    public void Requant_8To8_UpToSixBitsOnVenus_SevenRefusedNamingModule()
    {
        var (eval, runtime, _) = Run(new Two(nn.Linear(6, 4), Linger.Nn.Requant(8, exponentChange: 6)), [3, 6], 4, 25f);
        Assert.Equal(eval, runtime);
        Assert.Contains(eval, v => v is 127 or -128); // up-scaled values saturate
        var e = Assert.Throws<LingerException>(() => Run(new Two(nn.Linear(6, 4), Linger.Nn.Requant(8, exponentChange: 7)), [3, 6], 4));
        Assert.Contains("second", e.Message);
        Assert.Contains("≤ 6", e.Message);
        (eval, runtime, _) = Run(new Two(nn.Linear(6, 4), Linger.Nn.Requant(8, exponentChange: 7)), [3, 6], 4, 2f, GenericExport, GenericLoad);
        Assert.Equal(eval, runtime);
    }

    [Fact]
    public void Requant_Narrowing_RefusedOnVenus_GenericBitExactWithSaturation()
        => Gen.Select(Gen.OneOf(16, 32), Gen.OneOf(8, 16), Gen.Int[-20, 3], Gen.Int[0, 100_000]).Where(t => t.Item2 < t.Item1).Sample((wide, narrow, change, seed) =>
        {
            Assert.Throws<LingerException>(() => Run(new Two(Bits(nn.Linear(6, 4), wide), Linger.Nn.Requant(narrow, change)), [3, 6], seed));
            var (eval, runtime, tag) = Run(new Two(Bits(nn.Linear(6, 4), wide), Linger.Nn.Requant(narrow, change)), [3, 6], seed, 25f, GenericExport, GenericLoad);
            Assert.Equal(narrow, tag.Bits);
            Assert.Equal(eval, runtime);
        }, iter: 10, threads: 1);

    [Fact]
    public void WideOutputThroughRelu_KeepsWidthAndScale_VenusBitExact()
    {
        var (eval, runtime, tag) = Run(new Two(Bits(nn.Linear(6, 5), 16), nn.ReLU()), [3, 6], 5);
        Assert.Equal(16, tag.Bits);
        Assert.Equal(eval, runtime);
        Assert.All(eval, v => Assert.True(v >= 0));
    }
}
