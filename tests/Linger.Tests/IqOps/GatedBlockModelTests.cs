using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Quantization;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.IqOps;

/// <summary>
/// A whole model with a gated block: sigmoid gate × features (per-channel iqMul), channel shuffle,
/// reshape/transpose, a sum (iqSum for the generic target; AvgPool2d + MulScalar for venus), then a Linear.
/// Trained a few steps, exported, run in the runtime: bit-exact with eval.
/// </summary>
public class GatedBlockModelTests
{
    private sealed class GatedNet : nn.Module<Tensor, Tensor>
    {
        private readonly bool _venus;
        public nn.Module<Tensor, Tensor> conv = nn.Conv2d(2, 8, 3, padding: 1);
        public nn.Module<Tensor, Tensor> relu = nn.ReLU();
        public nn.Module<Tensor, Tensor> pool = nn.AvgPool2d(4);
        public nn.Module<Tensor, Tensor> squeeze = nn.Conv2d(8, 8, 1);
        public nn.Module<Tensor, Tensor> gate = nn.Sigmoid();
        public LingerNet.Nn.Mul mul = Linger.Nn.Mul();
        public LingerNet.Nn.ShuffleChannel shuffle = Linger.Nn.ShuffleChannel(2);
        public LingerNet.Nn.Reshape flat = Linger.Nn.Reshape([-1, 8, 16]);
        public LingerNet.Nn.Permute transpose = Linger.Nn.Transpose(1, 2);
        public LingerNet.Nn.Sum sum = Linger.Nn.Sum([1]);
        public LingerNet.Nn.Permute back = Linger.Nn.Transpose(1, 2);
        public LingerNet.Nn.Reshape unflat = Linger.Nn.Reshape([-1, 8, 4, 4]);
        public nn.Module<Tensor, Tensor> area = nn.AvgPool2d(4);
        public LingerNet.Nn.MulScalar times16 = Linger.Nn.MulScalar(16);
        public nn.Module<Tensor, Tensor> flatten = nn.Flatten();
        public nn.Module<Tensor, Tensor> fc = nn.Linear(8, 4);

        public GatedNet(bool venus) : base("gated")
        {
            _venus = venus;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var f = relu.call(conv.call(x));
            var g = gate.call(squeeze.call(pool.call(f)));
            var h = transpose.call(flat.call(shuffle.call(mul.call(f, g))));
            if (!_venus) return fc.call(sum.call(h));
            // venus: iqSum is broken on the chip; the sum over H·W is AvgPool2d over a 16-element window, scaled back.
            var s = times16.call(area.call(unflat.call(back.call(h))));
            return fc.call(flatten.call(s));
        }
    }

    private static void TrainExportRun(bool venus, long batch)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(42);
        var model = Linger.Init(new GatedNet(venus));
        var opt = optim.Adam(model.parameters(), 0.01);
        model.train();
        for (int step = 0; step < 6; step++)
        {
            using var stepScope = NewDisposeScope();
            opt.zero_grad();
            var x = randn(batch, 2, 4, 4);
            var loss = nn.functional.mse_loss(model.call(x), x.mean([2, 3]).repeat(1, 2));
            loss.backward();
            opt.step();
        }
        model.eval();
        var sample = randn(batch, 2, 4, 4);
        var y = model.call(sample);
        var target = venus ? ChipTarget.Venus : ChipTarget.Generic;
        string path = Path.Combine(Path.GetTempPath(), $"gated-{venus}-{Environment.ProcessId}.onnx");
        try
        {
            Linger.Export(model, sample, path, new LingerNet.Export.ExportOptions { Target = target });
            var graph = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph;
            var ops = graph.Node.Select(n => n.OpType).ToHashSet();
            Assert.Contains(OpTypes.IqSigmoid, ops);
            Assert.Contains(OpTypes.IqMul, ops);
            Assert.Contains(OpTypes.ShuffleChannel, ops);
            Assert.Contains(OpTypes.Transpose, ops);
            Assert.Contains(venus ? OpTypes.AvgPool2dInt : OpTypes.IqSum, ops);
            using var rt = Runtime.LingerRuntime.Load(path, new Runtime.LoadOptions { Target = target });
            var result = rt.Run(TensorData.Floats(sample));
            // The graph output is dequantized LinearInt output: compare the float values exactly.
            Assert.Equal(TensorData.Floats(y), result.Outputs[0].Float!);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void GatedBlock_Generic_WithIqSum_ExportsAndRunsBitExact() => TrainExportRun(venus: false, batch: 3);

    [Fact]
    [Trait("Category", "Slow")]
    public void GatedBlock_Venus_SumAsAvgPoolTimesArea_ExportsAndRunsBitExact() => TrainExportRun(venus: true, batch: 1);

    [Fact]
    public void StateNames_FollowModulePath_AndDoNotDependOnCalls()
    {
        using var scope = NewDisposeScope();
        var model = Linger.Init(new GatedNet(false));
        var before = model.state_dict().Keys.ToList();
        model.train();
        model.call(randn(1, 2, 4, 4));
        model.call(randn(1, 2, 4, 4));
        Assert.Equal(before, model.state_dict().Keys.ToList());
        Assert.Contains("mul.running_o", before);
        Assert.Contains("mul.running_x", before);
        Assert.Contains("gate.running_x", before);
        Assert.Contains("sum.running_o", before);
        Assert.Contains("times16.running_o", before);
        Assert.Equal(before, Linger.Init(new GatedNet(false)).state_dict().Keys.ToList());
    }

    [Fact]
    public void TrainAndEval_SameOutputScaleRule_CeilingAppliesInTraining()
    {
        using var scope = NewDisposeScope();
        // Tiny operands would ask for a very fine output scale; the ceiling (iqSub as iqAdd: not finer than the
        // inputs; iqMul: not finer than q_x + q_y) must hold in training as it does in eval.
        var sub = Linger.Nn.Sub();
        var mul = Linger.Nn.Mul();
        foreach (var op in new IqBinaryOpUnderTest[] { new(sub, 4, 4), new(mul, 1, 1) })
        {
            op.Module.EnableQuant(ModuleQuantConfig.From(new LingerOptions()));
            op.Module.train();
            var x = SigmoidTanhTests.OnGrid([3, 4], op.Qx, -1, 2);
            var y = SigmoidTanhTests.OnGrid([3, 4], op.Qy, -1, 2);
            var trainTag = QuantTags.Get(op.Module.call(x, y))!;
            op.Module.eval();
            var evalTag = QuantTags.Get(op.Module.call(x, y))!;
            int ceiling = op.Module is LingerNet.Nn.Mul ? op.Qx + op.Qy : Math.Min(op.Qx, op.Qy);
            Assert.Equal(new Pow2Scale(ceiling), trainTag.Scale);
            Assert.Equal(trainTag.Scale, evalTag.Scale);
        }
    }

    private sealed record IqBinaryOpUnderTest(LingerNet.Nn.IqBinaryOp Module, int Qx, int Qy);

    private sealed class RawMul : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> a = nn.Conv2d(2, 3, 1);
        public nn.Module<Tensor, Tensor> b = nn.Conv2d(2, 3, 1);
        public nn.Module<Tensor, Tensor> head = nn.Conv2d(3, 3, 1);

        public RawMul() : base("raw") => RegisterComponents();

        public override Tensor forward(Tensor x) => head.call(a.call(x) * b.call(x));
    }

    [Fact]
    public void TensorOperatorBetweenModules_NoSilentFloatFallback_ExportNamesTheConsumer()
    {
        using var scope = NewDisposeScope();
        var model = Linger.Init(new RawMul());
        model.train();
        model.call(randn(1, 2, 4, 4));
        model.eval();
        var e = Assert.Throws<LingerException>(() => Linger.Export(model, randn(1, 2, 4, 4), Path.Combine(Path.GetTempPath(), $"raw-{Environment.ProcessId}.onnx")));
        Assert.Contains("'head'", e.Message);
        Assert.Contains("no Linger module produced", e.Message);
    }
}
