using CsCheck;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Recurrent;

/// <summary>Linger.Nn.Softmax / LogSoftmax: Init replacement, training value = integer path, eval integers = runtime integers.</summary>
public class SoftmaxIntTests : IDisposable
{
    private readonly RuntimeParity _parity = new("softmax");

    public void Dispose() => _parity.Dispose();

    private sealed class Head : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> fc;
        public nn.Module<Tensor, Tensor> act;

        public Head(long inF, long outF, nn.Module<Tensor, Tensor> act) : base("head")
        {
            fc = nn.Linear(inF, outF);
            this.act = act;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => act.call(fc.call(x));
    }

    private void CheckParity(Func<nn.Module<Tensor, Tensor>> make, long[] shape, float range, int seed) => _parity.Check(make, shape, range, seed);

    private static readonly Gen<float> Ranges = Gen.OneOf(0.3f, 2f, 25f);

    [Fact]
    public void SoftmaxInt_RandomShapesAndAxes_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 12], Gen.Int[1, 4], Gen.Int[-3, 2], Ranges, Gen.Int[0, 100_000]).Sample((classes, steps, dim, range, seed) =>
            CheckParity(() => new Head(5, classes, nn.Softmax(dim)), new long[] { 2, steps, 5 }, range, seed), iter: 12, threads: 1);

    [Fact]
    public void LogSoftmaxInt_RandomShapesAndAxes_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 12], Gen.Int[1, 4], Gen.Int[-3, 2], Ranges, Gen.Int[0, 100_000]).Sample((classes, steps, dim, range, seed) =>
            CheckParity(() => new Head(5, classes, nn.LogSoftmax(dim)), new long[] { 2, steps, 5 }, range, seed), iter: 12, threads: 1);

    [Fact]
    public void LingerNnSoftmax_DeclaredInModel_EvalEqualsRuntime()
        => CheckParity(() => new Head(6, 4, Linger.Nn.Softmax(-1)), new long[] { 3, 6 }, 3f, 7);

    [Fact]
    public void Init_NnSoftmax_ReplacedByLingerSoftmaxWithSameDim()
    {
        var model = Linger.Init(new Head(4, 3, nn.Softmax(0)));
        var op = Assert.IsType<Nn.Softmax>(model.act);
        Assert.Equal(0, op.Dim);
        Assert.True(op.IsQuantized);
        Assert.IsType<Nn.LogSoftmax>(Linger.Init(new Head(4, 3, nn.LogSoftmax(1))).act);
    }

    [Fact]
    public void Softmax_BeforeInit_IsFloatSoftmax()
    {
        using var scope = NewDisposeScope();
        var x = randn(3, 5);
        Assert.True(Linger.Nn.Softmax(1).call(x).allclose(x.softmax(1)));
        Assert.True(Linger.Nn.LogSoftmax(1).call(x).allclose(x.log_softmax(1)));
    }

    [Fact]
    public void Softmax_Training_ValueIsTheIntegerPathAndGradientFlows()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var model = Linger.Init(new Head(6, 5, nn.Softmax(1)));
        model.train();
        var x = randn(4, 6) * 2;
        var y = model.call(x);
        var tag = QuantTags.Get(y)!;
        var q = TensorData.Doubles(y).Select(v => v * tag.Scale.Value).ToArray();
        Assert.All(q, v => Assert.Equal(Math.Floor(v), v));
        Assert.All(q, v => Assert.InRange(v, 0, 127));
        // Rows sum to about 1 (each element within one output LSB of the float softmax).
        var rows = y.sum(1);
        Assert.True(rows.sub(1).abs().max().item<float>() < 5 / tag.Scale.Value);
        y.select(1, 0).sum().backward();
        Assert.True(((LingerNet.Modules.LinearInt)model.fc).Weight.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Init_SoftmaxWithSixteenBitOutput_Refused()
    {
        var head = new Head(4, 3, nn.Softmax(1));
        Linger.QuantModule(head.act, outBits: 16);
        var e = Assert.Throws<LingerException>(() => Linger.Init(head));
        Assert.Contains("'act' (Softmax)", e.Message);
        Assert.Contains("8-bit input and output", e.Message);
    }
}
