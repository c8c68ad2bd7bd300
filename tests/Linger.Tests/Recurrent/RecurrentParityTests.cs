using CsCheck;
using LingerNet.Export;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Recurrent;

/// <summary>
/// GRUInt / LSTMInt: eval integers == runtime integers on the exported nodes, over random sequence lengths, sizes,
/// batches, layouts, directions, stacked layers, lengths, initial states and saturating gates.
/// </summary>
public class RecurrentParityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-rnn").FullName;
    private int _files;

    public void Dispose() => Directory.Delete(_dir, true);

    internal static long[] Shape(RnnSpec s, int t, int b) => s.BatchFirst ? [b, t, s.Features] : [t, b, s.Features];

    /// <summary>Trains a few batches, evaluates, exports (generic target unless venus), runs the runtime, compares every output exactly.</summary>
    internal static void CheckParity(string dir, ref int files, RnnSpec s, int t, int b, float range, double weightFactor, int seed,
                                     bool withState = false, GruFormula formula = GruFormula.Linger, int? fixedExponent = 8, bool venus = false)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        var model = Linger.Init(new RnnNet(s, t), new LingerOptions { CheckVenusLimits = venus });
        if (!s.Lstm) model.SetGruFormula(formula, fixedExponent);
        model.ScaleRecurrentWeights(weightFactor);
        var stateShape = new long[] { s.Nodes, b, s.Hidden };
        model.train();
        for (int i = 0; i < 3; i++) model.Run(randn(Shape(s, t, b)) * range, withState ? randn(stateShape) * 0.4f : null, withState && s.Lstm ? randn(stateShape) * 0.8f : null);
        model.eval();
        var x = randn(Shape(s, t, b)) * range;
        var h0 = withState ? randn(stateShape) * 0.4f : null;
        var c0 = withState && s.Lstm ? randn(stateShape) * 0.8f : null;
        var (y, hn, cn) = model.Run(x, h0, c0);
        bool states = s.Nodes == 1; // h_n / c_n of several nodes are not one exported value
        var inputs = new List<Tensor> { x };
        if (h0 is not null) inputs.Add(h0);
        if (c0 is not null) inputs.Add(c0);
        var inNames = new[] { "x", "h0", "c0" }.Take(inputs.Count).ToArray();
        var outNames = new[] { "y", "h_n", "c_n" };
        string path = Path.Combine(dir, $"rnn{Interlocked.Increment(ref files)}.onnx");
        var target = venus ? ChipTarget.Venus : ChipTarget.Generic;
        Linger.Export(model, inputs, xs =>
        {
            var r = model.Run(xs[0], xs.Count > 1 ? xs[1] : null, xs.Count > 2 ? xs[2] : null);
            var list = new List<Tensor> { r.Y };
            if (states) list.Add(r.HN);
            if (states && r.CN is not null) list.Add(r.CN);
            return list;
        }, path, new ExportOptions { Target = target, InputNames = inNames, OutputNames = outNames });
        using var rt = LingerRuntime.Load(path, new LoadOptions { Target = target });
        var feed = inputs.Select((v, i) => (inNames[i], new RuntimeTensor(inNames[i], v.shape.Select(d => (int)d).ToArray(), TensorData.Floats(v))))
                         .ToDictionary(p => p.Item1, p => p.Item2);
        var result = rt.Run(feed);
        var tag = QuantTags.Get(y)!;
        Assert.Equal(tag.Scale, result.Outputs[0].Scale);
        Assert.Equal(TensorData.Integers(y, tag.Scale.Exponent), result.Outputs[0].Int8!.Select(v => (long)v).ToArray());
        if (states)
        {
            Assert.Equal(TensorData.Floats(hn), result.Outputs[1].Float!);
            if (cn is not null) Assert.Equal(TensorData.Floats(cn), result.Outputs[2].Float!);
        }
    }

    private static readonly Gen<float> Ranges = Gen.OneOf(0.3f, 2f, 25f);
    private static readonly Gen<double> WeightFactors = Gen.OneOf(1.0, 1.0, 6.0); // 6: saturating gates

    private static Gen<(RnnSpec Spec, int T, int B)> Specs(bool lstm) =>
        from t in Gen.Int[1, 6] from b in Gen.Int[1, 3] from f in Gen.Int[1, 5] from i in Gen.Int[1, 5] from h in Gen.Int[1, 6]
        from bf in Gen.Bool from bi in Gen.Bool from layers in Gen.Int[1, 2] from bias in Gen.Bool from useLengths in Gen.Bool
        from lens in Gen.Int[0, t].Array[b]
        select (new RnnSpec(lstm, f, i, h, bf, bi, layers, bias, useLengths ? lens.Select(v => (long)v).ToArray() : null), t, b);

    [Fact]
    public void GruInt_RandomShapesLayoutsDirectionsLayersLengths_EvalEqualsRuntime()
        => Gen.Select(Specs(lstm: false), Ranges, WeightFactors, Gen.Int[0, 100_000]).Sample((c, range, wf, seed) =>
            CheckParity(_dir, ref _files, c.Spec, c.T, c.B, range, wf, seed), iter: 20, threads: 1);

    [Fact]
    public void LstmInt_RandomShapesLayoutsDirectionsLayersLengths_EvalEqualsRuntime()
        => Gen.Select(Specs(lstm: true), Ranges, WeightFactors, Gen.Int[0, 100_000]).Sample((c, range, wf, seed) =>
            CheckParity(_dir, ref _files, c.Spec, c.T, c.B, range, wf, seed), iter: 20, threads: 1);

    [Fact]
    public void GruInt_StatisticsOutputExponent_EvalEqualsRuntime()
        => Gen.Select(Specs(lstm: false), Ranges, Gen.Int[0, 100_000]).Sample((c, range, seed) =>
            CheckParity(_dir, ref _files, c.Spec, c.T, c.B, range, 1.0, seed, fixedExponent: null), iter: 10, threads: 1);

    [Fact]
    public void GruAndLstm_InitialState_EvalEqualsRuntime()
        => Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int[1, 3], Gen.Int[0, 100_000]).Sample((lstm, bf, useLengths, b, seed) =>
            CheckParity(_dir, ref _files, new RnnSpec(lstm, 3, 4, 5, bf, false, 1, Lengths: useLengths ? Enumerable.Range(0, b).Select(i => (long)(4 - i)).ToArray() : null),
                4, b, 2f, 1.0, seed, withState: true), iter: 12, threads: 1);

    [Fact]
    public void GruInt_ChipFormulaOnVenus_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 6], Gen.Int[1, 6], Gen.Int[1, 3], Gen.OneOf(0.3f, 2f), Gen.Int[0, 100_000]).Sample((t, h, b, range, seed) =>
            CheckParity(_dir, ref _files, new RnnSpec(false, 4, 6, h, true, false, 1), t, b, range, 1.0, seed,
                formula: GruFormula.Chip, fixedExponent: null, venus: true), iter: 10, threads: 1);

    [Fact]
    public void GruInt_LingerFormulaExponent8OnVenus_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 6], Gen.Int[1, 6], Gen.Int[1, 3], Gen.Int[0, 100_000]).Sample((t, h, b, seed) =>
            CheckParity(_dir, ref _files, new RnnSpec(false, 4, 6, h, true, false, 1), t, b, 2f, 1.0, seed, venus: true), iter: 10, threads: 1);

    [Fact]
    public void LstmInt_BatchOneOnVenus_EvalEqualsRuntime()
        => Gen.Select(Gen.Int[1, 6], Gen.Int[1, 6], Gen.Bool, Gen.Bool, Gen.Int[0, 100_000]).Sample((t, h, bf, bi, seed) =>
            CheckParity(_dir, ref _files, new RnnSpec(true, 4, 6, h, bf, bi, 1), t, 1, 2f, 1.0, seed, venus: true), iter: 10, threads: 1);
}
