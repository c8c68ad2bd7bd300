using CsCheck;
using LingerNet.Numerics;
using LingerNet.Quantization;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Modules;

public class AddCatTests
{
    private static Tensor OnGrid(long[] shape, int exponent)
    {
        var q = randint(-128, 128, shape).to_type(ScalarType.Float32).div(Math.ScaleB(1.0, exponent));
        return QuantTags.Tag(q, new QuantInfo(new Pow2Scale(exponent), 8));
    }

    [Fact]
    public void Add_Eval_RandomScales_EqualsRescaleThenSaturatedSum()
    {
        Gen.Select(Gen.Int[-2, 7], Gen.Int[-2, 7], Gen.Int[0, 1_000_000]).Sample((ex, ey, seed) =>
        {
            using var scope = NewDisposeScope();
            random.manual_seed(seed);
            var add = Linger.Nn.Add();
            Linger.Init(new AddHolder(add));
            var shape = new long[] { 2, 3, 5 };
            add.train();
            for (int i = 0; i < 3; i++) add.call(OnGrid(shape, ex), OnGrid(shape, ey));
            add.eval();
            var x = OnGrid(shape, ex);
            var y = OnGrid(shape, ey);
            var z = add.call(x, y);
            int eo = Math.Min(Pow2Scale.FromRunning(add.RunningO.item<float>(), 8).Exponent, Math.Min(ex, ey));
            Assert.Equal(new Pow2Scale(eo), QuantTags.Get(z)!.Scale);
            var xi = TensorData.Integers(x, ex);
            var yi = TensorData.Integers(y, ey);
            var expected = xi.Select((v, i) => IntReference.Sat(IntReference.Rsh(v, ex - eo) + IntReference.Rsh(yi[i], ey - eo), 8)).ToArray();
            Assert.Equal(expected, TensorData.Integers(z, eo));
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Add_BeforeInit_IsFloatAdd_AfterInitShapesMustMatch()
    {
        var add = Linger.Nn.Add();
        var a = randn(2, 3);
        var b = randn(2, 3);
        Assert.Equal(TensorData.Floats(a + b), TensorData.Floats(add.call(a, b)));
        Linger.Init(new AddHolder(add));
        var e = Assert.Throws<LingerException>(() => add.call(randn(2, 3), randn(1, 3)));
        Assert.Contains("identical shape", e.Message);
    }

    [Fact]
    public void Add_Train_GradientReachesBothInputs()
    {
        var add = Linger.Nn.Add();
        Linger.Init(new AddHolder(add));
        add.train();
        var a = randn(3, 4).requires_grad_(true);
        var b = randn(3, 4).requires_grad_(true);
        add.call(a, b).sum().backward();
        Assert.All(TensorData.Floats(a.grad!), g => Assert.Equal(1f, g));
        Assert.All(TensorData.Floats(b.grad!), g => Assert.Equal(1f, g));
    }

    [Fact]
    public void Cat_Eval_RandomScales_EqualsPerInputRescale()
    {
        Gen.Select(Gen.Int[-1, 8], Gen.Int[-1, 8], Gen.Int[0, 2], Gen.Int[0, 1_000_000]).Sample((e0, e1, dim, seed) =>
        {
            using var scope = NewDisposeScope();
            random.manual_seed(seed);
            var cat = Linger.Nn.Cat(dim);
            Linger.Init(new CatHolder(cat));
            var s0 = new long[] { 2, 3, 4 };
            var s1 = (long[])s0.Clone();
            s1[dim] = 2;
            cat.train();
            for (int i = 0; i < 3; i++) cat.call(OnGrid(s0, e0), OnGrid(s1, e1));
            cat.eval();
            var a = OnGrid(s0, e0);
            var b = OnGrid(s1, e1);
            var z = cat.call(a, b);
            int eo = Math.Min(Pow2Scale.FromRunning(cat.get_buffer("running_o")!.item<float>(), 8).Exponent, Math.Min(e0, e1) + 6);
            long Rescale(long v, int e) => e >= eo ? IntReference.Sat(IntReference.Rsh(v, e - eo), 8) : IntReference.Sat(v << (eo - e), 8);
            var ra = from_array(TensorData.Integers(a, e0).Select(v => Rescale(v, e0)).ToArray()).reshape(s0);
            var rb = from_array(TensorData.Integers(b, e1).Select(v => Rescale(v, e1)).ToArray()).reshape(s1);
            var expected = TensorData.Doubles(torch.cat(new[] { ra, rb }, dim)).Select(v => (long)v).ToArray();
            Assert.Equal(expected, TensorData.Integers(z, eo));
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Cat_FloatInputAfterInit_ThrowsNamingTheInput()
    {
        var cat = Linger.Nn.Cat(1);
        Linger.Init(new CatHolder(cat));
        var e = Assert.Throws<LingerException>(() => cat.call(randn(1, 2), randn(1, 2)));
        Assert.Contains("input 0", e.Message);
    }

    private sealed class AddHolder : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor, Tensor> add;

        public AddHolder(nn.Module<Tensor, Tensor, Tensor> add) : base("holder")
        {
            this.add = add;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => add.call(x, x);
    }

    private sealed class CatHolder : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor[], Tensor> cat;

        public CatHolder(nn.Module<Tensor[], Tensor> cat) : base("holder")
        {
            this.cat = cat;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => cat.call(new[] { x, x });
    }
}
