using CsCheck;
using LingerNet.Numerics.Dialect;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.IqOps;

/// <summary>Per-op parity over random ranges and seeds: the module's eval integers equal the runtime's on the exported node.</summary>
public class IqArithmeticParityTests
{
    private static readonly Gen<float> Ranges = Gen.OneOf(0.3f, 2f, 25f);

    /// <summary>Two quantized branches a = conv(x), b = conv'(x), then op(a, b).</summary>
    internal static IqHarness TwoBranch(nn.Module op, long cin = 2, long cout = 3) =>
        new((h, x) => ((nn.Module<Tensor, Tensor, Tensor>)h.Part("op")).call(h.M("a").call(x), h.M("b").call(x)),
            ("a", nn.Conv2d(cin, cout, 3, padding: 1)), ("b", nn.Conv2d(cin, cout, 1)), ("op", op));

    /// <summary>A quantized stem conv(x), then op.</summary>
    internal static IqHarness OneBranch(nn.Module<Tensor, Tensor> op, long cin = 2, long cout = 4) =>
        new((h, x) => h.M("op").call(h.M("a").call(x)), ("a", nn.Conv2d(cin, cout, 3, padding: 1)), ("op", op));

    private static void Sample<T>(Gen<T> gen, Action<T> check, int iter = 6) => gen.Sample(t =>
    {
        using var scope = NewDisposeScope();
        check(t);
    }, iter: iter, threads: 1);

    [Fact]
    public void Mul_SameShape_Venus()
        => Sample(Gen.Select(Gen.Int[1, 3], Ranges, Gen.Int[0, 100_000]), t => IqParity.Check(TwoBranch(Linger.Nn.Mul()), [t.Item1, 2, 5, 5], t.Item2, t.Item3));

    [Fact]
    public void Mul_PerChannelGate_Venus()
        => Sample(Gen.Select(Ranges, Gen.Int[0, 100_000]), t =>
        {
            var model = new IqHarness((h, x) => ((nn.Module<Tensor, Tensor, Tensor>)h.Part("mul")).call(h.M("a").call(x), h.M("gate").call(h.M("pool").call(h.M("b").call(x)))),
                ("a", nn.Conv2d(2, 3, 3, padding: 1)), ("b", nn.Conv2d(2, 3, 1)), ("pool", nn.AvgPool2d(4)), ("gate", nn.Sigmoid()), ("mul", Linger.Nn.Mul()));
            IqParity.Check(model, [1, 2, 4, 4], t.Item1, t.Item2);
        });

    [Fact]
    public void MulScalar_RandomFactors_Venus()
        => Sample(Gen.Select(Gen.OneOf(-1.0, 0.3, 3.7, 100.0, -0.01), Ranges, Gen.Int[0, 100_000]), t =>
            IqParity.Check(OneBranch(Linger.Nn.MulScalar(t.Item1)), [2, 2, 4, 4], t.Item2, t.Item3));

    [Fact]
    public void AddScalar_RandomValues_Venus()
        => Sample(Gen.Select(Gen.OneOf(-1.0, 0.3, 3.7, 100.0), Ranges, Gen.Int[0, 100_000]), t =>
            IqParity.Check(OneBranch(Linger.Nn.AddScalar(t.Item1)), [2, 2, 4, 4], t.Item2, t.Item3));

    [Fact]
    public void Clamp_ChipBounds_Venus()
        => Sample(Gen.Select(Gen.OneOf((0.0, 7.9375), (-8.0, 7.9375), (0.0, 127.0), (-2.0, 1.984375), (-0.5, 0.49609375)), Ranges, Gen.Int[0, 100_000]), t =>
            IqParity.Check(OneBranch(Linger.Nn.Clamp(t.Item1.Item1, t.Item1.Item2)), [2, 2, 4, 4], t.Item2, t.Item3));

    [Fact]
    public void Max_TwoBranches_Venus()
        => Sample(Gen.Select(Ranges, Gen.Int[0, 100_000]), t => IqParity.Check(TwoBranch(Linger.Nn.Max()), [2, 2, 4, 4], t.Item1, t.Item2));

    [Fact]
    public void Sub_TwoBranches_Generic()
        => Sample(Gen.Select(Ranges, Gen.Int[0, 100_000]), t => IqParity.Check(TwoBranch(Linger.Nn.Sub()), [2, 2, 4, 4], t.Item1, t.Item2, ChipTarget.Generic));

    [Fact]
    public void Div_TwoBranches_Generic()
        => Sample(Gen.Select(Ranges, Gen.Int[0, 100_000]), t => IqParity.Check(TwoBranch(Linger.Nn.Div()), [2, 2, 4, 4], t.Item1, t.Item2, ChipTarget.Generic));

    [Fact]
    public void Sum_RandomDims_Generic()
        => Sample(Gen.Select(Gen.OneOf(new long[] { 1 }, new long[] { 2, 3 }, new long[] { -1 }, new long[] { 1, 2, 3 }), Gen.Bool, Ranges, Gen.Int[0, 100_000]), t =>
            IqParity.Check(OneBranch(Linger.Nn.Sum(t.Item1, t.Item2)), [2, 2, 4, 3], t.Item3, t.Item4, ChipTarget.Generic));

    [Fact]
    public void Var_RandomDims_Generic()
        => Sample(Gen.Select(Gen.Int[-1, 3], Gen.Bool, Gen.Bool, Ranges, Gen.Int[0, 100_000]), t =>
            IqParity.Check(OneBranch(Linger.Nn.Var(t.Item1, t.Item2, t.Item3)), [2, 2, 4, 3], t.Item4, t.Item5, ChipTarget.Generic));
}
