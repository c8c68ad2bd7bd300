using LingerNet.Modules;
using LingerNet.Quantization;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static LingerNet.Tests.Support.Refusals;
using static TorchSharp.torch;

namespace LingerNet.Tests.Init;

/// <summary>Init's nn.LayerNorm rule: every option honoured (→ LayerNormInt) or refused with the module path and the fix.</summary>
public class LayerNormInitTests
{
    [Fact]
    public void Init_LayerNormOneOrTwoDims_BecomesLayerNormInt()
    {
        var one = Linger.Init(new Wrapper(nn.LayerNorm(new long[] { 8 })));
        var two = Linger.Init(new Wrapper(nn.LayerNorm(new long[] { 4, 8 })));
        Assert.IsType<LayerNormInt>(one.layer);
        Assert.Equal(32, ((LayerNormInt)two.layer).NormalizedSize);
    }

    [Fact]
    public void Init_LayerNormThreeDims_RefusedByPath()
    {
        string msg = InitFails(new Wrapper(nn.LayerNorm(new long[] { 2, 3, 4 })));
        Assert.Contains("'layer' (LayerNorm)", msg);
        Assert.Contains("last one or two dims", msg);
    }

    [Fact]
    public void Init_LayerNormOtherEps_RefusedWithTheChipsEpsilon()
    {
        string msg = InitFails(new Wrapper(nn.LayerNorm(new long[] { 8 }, eps: 1e-6)));
        Assert.Contains("'layer' (LayerNorm)", msg);
        Assert.Contains("fixed at 1e-5", msg);
    }

    [Fact]
    public void Init_LayerNormNormalizedSizeAbove362_RefusedOnVenusAcceptedGeneric()
    {
        string msg = InitFails(new Wrapper(nn.LayerNorm(new long[] { 363 })));
        Assert.Contains("'layer' (LayerNorm)", msg);
        Assert.Contains("normalised size 363", msg);
        Assert.Contains("2^31", msg);
        Assert.IsType<LayerNormInt>(Linger.Init(new Wrapper(nn.LayerNorm(new long[] { 362 }))).layer);
        Assert.IsType<LayerNormInt>(Linger.Init(new Wrapper(nn.LayerNorm(new long[] { 363 })), new LingerOptions { CheckVenusLimits = false }).layer);
    }

    [Fact]
    public void Init_LayerNormOutBits16OrFloat_Refused()
    {
        var ln = nn.LayerNorm(new long[] { 8 });
        Linger.QuantModule(ln, outBits: 16);
        Assert.Contains("output bits 16", InitFails(new Wrapper(ln)));
        var lf = nn.LayerNorm(new long[] { 8 });
        Linger.QuantModule(lf, outBits: null);
        Assert.Contains("output bits null", InitFails(new Wrapper(lf)));
    }

    [Fact]
    public void Init_LayerNormWithoutAffineOrBias_UnitWeightZeroBias()
    {
        var plain = (LayerNormInt)Linger.Init(new Wrapper(nn.LayerNorm(new long[] { 8 }, elementwise_affine: false))).layer;
        Assert.False(plain.HasAffineWeight);
        Assert.False(plain.HasBias);
        Assert.Empty(plain.parameters());
        var noBias = (LayerNormInt)Linger.Init(new Wrapper(nn.LayerNorm(new long[] { 8 }, bias: false))).layer;
        Assert.True(noBias.HasAffineWeight);
        Assert.False(noBias.HasBias);
    }

    [Fact]
    public void LayerNormInt_Eval_CloseToFloatLayerNorm()
    {
        random.manual_seed(7);
        var model = Linger.Init(new Wrapper(nn.LayerNorm(new long[] { 16 })));
        model.train();
        for (int i = 0; i < 5; i++) model.call(randn(4, 3, 16));
        model.eval();
        var x = randn(4, 3, 16);
        var y = model.call(x);
        var reference = nn.functional.layer_norm(x, new long[] { 16 }, null, null, 1e-5);
        Assert.True((y - reference).abs().max().item<float>() < 0.1f, "int8 LayerNorm output strays from the float one");
    }

    [Fact]
    public void LayerNormInt_AfterExportAndGarbageCollection_StillEvaluates()
    {
        var model = Linger.Init(new Wrapper(nn.LayerNorm(new long[] { 8 })));
        model.train();
        model.call(randn(2, 3, 8));
        model.eval();
        string path = Path.Combine(Path.GetTempPath(), $"ln-{Guid.NewGuid():N}.onnx");
        try
        {
            Linger.Export(model, randn(2, 3, 8), path);
        }
        finally
        {
            File.Delete(path);
        }
        // Export swaps every leaf for a watcher and back; the float LayerNorm whose tensors LayerNormInt shares
        // must survive that (once finalized, TorchSharp disposes them: "Tensor invalid -- empty handle").
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.Equal(new long[] { 2, 3, 8 }, model.call(randn(2, 3, 8)).shape);
    }

    [Fact]
    public void Constrain_LayerNorm_ClampsCarryOverToLayerNormInt_EvalStillMatchesRuntime()
    {
        random.manual_seed(11);
        var model = new Wrapper(nn.LayerNorm(new long[] { 8 }));
        using (no_grad()) ((TorchSharp.Modules.LayerNorm)model.layer).weight!.fill_(20f); // beyond the default bound 8
        Linger.Constrain(model, randn(2, 3, 8));
        var constrained = Assert.IsType<LingerNet.Constraint.ConstrainedLayerNorm>(model.layer);
        Assert.True(constrained.call(randn(2, 3, 8)).abs().max().item<float>() <= 8f);
        Linger.Init(model);
        var q = Assert.IsType<LayerNormInt>(model.layer);
        Assert.Equal(constrained.Bounds.Weight, q.ClampWeight);
        Assert.Equal(constrained.Bounds.Output, q.ClampOutput);
        Assert.Equal(11, q.WeightScale().Exponent); // γ = 20 clamped to 8 before its scale is chosen: 2^11 (20 would give 2^10)
        model.train();
        for (int i = 0; i < 3; i++) model.call(randn(2, 3, 8));
        model.eval();
        var x = randn(2, 3, 8);
        var y = model.call(x);
        string path = Path.Combine(Path.GetTempPath(), $"cln-{Guid.NewGuid():N}.onnx");
        try
        {
            Linger.Export(model, x, path);
            using var rt = LingerNet.Runtime.LingerRuntime.Load(path);
            var result = rt.Run(TensorData.Floats(x)).Outputs[0];
            var tag = QuantTags.Get(y)!;
            Assert.Equal(TensorData.Integers(y, tag.Scale.Exponent), result.Int8!.Select(v => (long)v).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
