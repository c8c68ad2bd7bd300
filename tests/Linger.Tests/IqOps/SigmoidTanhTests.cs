using CsCheck;
using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Nn;
using LingerNet.Quantization;
using LingerNet.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.IqOps;

public class SigmoidTanhTests
{
    internal static Tensor OnGrid(long[] shape, int exponent, int lo = -128, int hi = 128)
    {
        var q = randint(lo, hi, shape).to_type(ScalarType.Float32).div(Math.ScaleB(1.0, exponent));
        return QuantTags.Tag(q, new QuantInfo(new Pow2Scale(exponent), 8));
    }

    private static IqHarness Gate(bool sigmoid, long channels = 3) =>
        new((h, x) => h.M("act").call(h.M("conv").call(x)),
            ("conv", nn.Conv2d(2, channels, 3, padding: 1)), ("act", sigmoid ? nn.Sigmoid() : nn.Tanh()));

    [Fact]
    public void Eval_AllInt8Inputs_EqualsVenusKernel()
    {
        foreach (bool sigmoid in new[] { true, false })
        {
            for (int q = 3; q <= 8; q++)
            {
                using var scope = NewDisposeScope();
                TableActivation act = sigmoid ? Linger.Nn.Sigmoid() : Linger.Nn.Tanh();
                act.EnableQuant(ModuleQuantConfig.From(new LingerOptions()));
                act.eval();
                var ints = Enumerable.Range(-128, 256).Select(i => (sbyte)i).ToArray();
                var x = QuantTags.Tag(tensor(ints.Select(i => i / (float)Math.ScaleB(1.0, q)).ToArray()), new QuantInfo(new Pow2Scale(q), 8));
                var y = act.call(x);
                var expected = new sbyte[256];
                if (sigmoid) VenusSigmoidTanh.Sigmoid(ints, q, expected); else VenusSigmoidTanh.Tanh(ints, q, expected);
                Assert.Equal(new Pow2Scale(7), QuantTags.Get(y)!.Scale);
                Assert.Equal(expected.Select(v => (long)v), TensorData.Integers(y, 7));
            }
        }
    }

    [Fact]
    public void TrainAndEval_SameInput_SameIntegersAndFloatGradient()
    {
        var act = Linger.Nn.Sigmoid();
        act.EnableQuant(ModuleQuantConfig.From(new LingerOptions()));
        var x = OnGrid([4, 5], 4).requires_grad_(true);
        QuantTags.Tag(x, new QuantInfo(new Pow2Scale(4), 8));
        act.train();
        var yt = act.call(x);
        yt.sum().backward();
        act.eval();
        var ye = act.call(x);
        Assert.Equal(TensorData.Integers(ye, 7), TensorData.Integers(yt, 7));
        var s = x.detach().sigmoid();
        Assert.Equal(TensorData.Doubles(s * (1 - s)), TensorData.Doubles(x.grad!), new DoubleTolerance(1e-6));
    }

    private sealed class DoubleTolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps;
        public int GetHashCode(double d) => 0;
    }

    [Fact]
    public void Init_ReplacesSigmoidAndTanh_StateNamesFollowPath()
    {
        var model = Gate(true);
        Linger.Init(model);
        Assert.IsType<LingerNet.Nn.Sigmoid>(model.Part("act"));
        Assert.True(((LingerNet.Nn.Sigmoid)model.Part("act")).IsQuantized);
        Assert.Contains("act.running_x", model.state_dict().Keys);
        var tanh = Gate(false);
        Linger.Init(tanh);
        Assert.IsType<LingerNet.Nn.Tanh>(tanh.Part("act"));
    }

    [Fact]
    public void Parity_Generic_RandomRanges_EvalEqualsRuntime()
        => Gen.Select(Gen.Bool, Gen.OneOf(0.1f, 1f, 6f, 40f), Gen.Int[0, 100_000]).Sample((sigmoid, range, seed) =>
        {
            using var scope = NewDisposeScope();
            IqParity.Check(Gate(sigmoid), [2, 2, 5, 5], range, seed, ChipTarget.Generic);
        }, iter: 10, threads: 1);

    [Fact]
    public void Parity_Venus_InputsWithinSixteen_EvalEqualsRuntime()
        => Gen.Select(Gen.Bool, Gen.OneOf(0.05f, 0.5f, 1f), Gen.Int[0, 100_000]).Sample((sigmoid, range, seed) =>
        {
            using var scope = NewDisposeScope();
            IqParity.Check(Gate(sigmoid), [2, 2, 5, 5], range, seed);
        }, iter: 8, threads: 1);

    [Fact]
    public void Int8UpScaleChain_CoarseInputs_EqualsLingerTable()
    {
        for (int q = -12; q <= 8; q++)
        {
            foreach (bool sigmoid in new[] { true, false })
            {
                var expected = IqSigmoidTanh.Int8Table(q, sigmoid);
                var ints = Enumerable.Range(-128, 256).Select(i => (sbyte)i).ToArray();
                int qc = q;
                foreach (int step in IqSigmoidTanh.Int8UpScaleSteps(q))
                {
                    LingerNet.Numerics.Kernels.Requant.Validate(8, qc, 8, step, RequantSemantics.Venus);
                    LingerNet.Numerics.Kernels.Requant.Apply(ints, qc, ints, step, RequantSemantics.Venus);
                    qc = step;
                }
                var chip = new sbyte[256];
                if (sigmoid) VenusSigmoidTanh.Sigmoid(ints, qc, chip); else VenusSigmoidTanh.Tanh(ints, qc, chip);
                Assert.Equal(expected, chip);
            }
        }
    }

    [Fact]
    public void Export_Venus_LargeInputs_UpScaledInInt8_EvalEqualsRuntime()
    {
        using var scope = NewDisposeScope();
        var model = Gate(true);
        IqParity.Check(model, [2, 2, 5, 5], 300f, 7);
        var graph = Export.ExportTestSupport.ExportedGraph(model, randn(2, 2, 5, 5) * 300f);
        Assert.True(graph.Node.Count(n => n.OpType == OpTypes.Requant) >= 2);
    }

    [Fact]
    public void Contract_Venus_Int16BelowQ11_RefusedWithReason()
    {
        var view = new LingerNet.Numerics.Dialect.Contracts.NodeView(
            new LingerNet.Numerics.Dialect.Contracts.AttributeSet(new Dictionary<string, object> { [AttributeNames.ScaleX] = 512.0, [AttributeNames.ScaleO] = 128.0 }, "node 'g' (iqSigmoid)"),
            [new[] { 1, 4 }], null, [OnnxDataTypes.Int16]);
        var problems = LingerNet.Numerics.Dialect.Contracts.ContractChecks.VenusProblems(OpCatalog.Find(ThinkerDialect.Domain, OpTypes.IqSigmoid)!, view);
        var m = Assert.Single(problems);
        Assert.Contains("below Q11", m);
        Assert.Contains("at least 3", m);
    }

    [Fact]
    public void Export_WritesRequantThenIqSigmoid()
    {
        using var scope = NewDisposeScope();
        var model = Gate(true);
        IqParity.Check(model, [1, 2, 4, 4], 0.5f, 3);
        var graph = Export.ExportTestSupport.ExportedGraph(model, randn(1, 2, 4, 4) * 0.5f);
        var ops = graph.Node.Select(n => n.OpType).ToList();
        int r = ops.IndexOf(OpTypes.Requant);
        Assert.True(r >= 0 && ops[r + 1] == OpTypes.IqSigmoid, string.Join(", ", ops));
        var requant = graph.Node[r];
        Assert.Equal("act.requant", requant.Name.Split('_')[0]);
        Assert.Equal(16, requant.Attribute.First(a => a.Name == AttributeNames.OBits).I);
    }

    [Fact]
    public void Constrain_ProducerFeedingOnlySigmoid_MarkedAheadSigmoid_ThenInitExportsBitExact()
    {
        using var scope = NewDisposeScope();
        var model = new IqHarness((h, x) => ((nn.Module<Tensor, Tensor, Tensor>)h.Part("mul")).call(h.M("relu").call(h.M("conv2").call(x)), h.M("gate").call(h.M("conv").call(x))),
            ("conv", nn.Conv2d(2, 3, 3, padding: 1)), ("gate", nn.Sigmoid()), ("conv2", nn.Conv2d(2, 3, 1)), ("relu", nn.ReLU()), ("mul", Linger.Nn.Mul()));
        Linger.Constrain(model, randn(1, 2, 4, 4));
        Assert.True(Linger.IsAheadSigmoid(model.Part("conv")));
        Assert.False(Linger.IsAheadSigmoid(model.Part("conv2")));
        IqParity.Check(model, [1, 2, 4, 4], 1f, 5);
    }
}
