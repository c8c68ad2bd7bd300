using LingerNet.Export;
using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using LingerNet.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Recurrent;

/// <summary>
/// What the venus chip computes wrongly is refused at export for venus, with the module named; the same models
/// export for the generic target. Plus Init: replacement, shared parameters, field types.
/// </summary>
public class RecurrentRefusalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-rnn-refuse").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Trains, evaluates and exports for venus; returns the export error (or null when it exported).</summary>
    private LingerException? ExportVenus(RnnSpec s, int t, int b, bool withState = false, float range = 2f, Action<RnnNet>? configure = null)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(11);
        var model = Linger.Init(new RnnNet(s, t));
        configure?.Invoke(model);
        var stateShape = new long[] { s.Nodes, b, s.Hidden };
        Tensor? State() => withState ? randn(stateShape) * 0.3f : null;
        model.train();
        for (int i = 0; i < 3; i++) model.Run(randn(RecurrentParityTests.Shape(s, t, b)) * range, State(), s.Lstm ? State() : null);
        model.eval();
        var x = randn(RecurrentParityTests.Shape(s, t, b)) * range;
        var inputs = new List<Tensor> { x };
        if (withState) inputs.Add(randn(stateShape) * 0.3f);
        if (withState && s.Lstm) inputs.Add(randn(stateShape) * 0.3f);
        try
        {
            Linger.Export(model, inputs, xs => [model.Run(xs[0], xs.Count > 1 ? xs[1] : null, xs.Count > 2 ? xs[2] : null).Y],
                Path.Combine(_dir, "m.onnx"), new ExportOptions { InputNames = ["x", "h0", "c0"] });
            return null;
        }
        catch (LingerException e)
        {
            return e;
        }
    }

    private static void AssertRefused(LingerException? e, string module, string what)
    {
        Assert.NotNull(e);
        Assert.Contains(module, e!.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void ExportVenus_BidirectionalGru_RefusedNamingModule()
        => AssertRefused(ExportVenus(new RnnSpec(false, 3, 4, 5, true, true, 1), 4, 1), "gru", "a reverse direction (go_forward = 0; a bidirectional GRU)");

    [Fact]
    public void ExportVenus_GruInitialHiddenState_Refused()
        => AssertRefused(ExportVenus(new RnnSpec(false, 3, 4, 5, true, false, 1), 4, 1, withState: true), "gru", "an initial hidden state h0 is given");

    [Fact]
    public void ExportVenus_GruLengths_Refused()
        => AssertRefused(ExportVenus(new RnnSpec(false, 3, 4, 5, true, false, 1, Lengths: [3, 4]), 4, 2), "gru", "sequence lengths are given");

    [Fact]
    public void ExportVenus_GruSeqFirstWithBatch2_Refused()
        => AssertRefused(ExportVenus(new RnnSpec(false, 3, 4, 5, false, false, 1), 4, 2), "gru", "seq-first layout with batch 2");

    [Fact]
    public void ExportVenus_GruSeqFirstBatch1_Exports()
        => Assert.Null(ExportVenus(new RnnSpec(false, 3, 4, 5, false, false, 1), 4, 1));

    [Fact]
    public void ExportVenus_GruLingerFormulaAtExponent7_Refused()
        => AssertRefused(ExportVenus(new RnnSpec(false, 3, 4, 5, true, false, 1), 4, 1, configure: m => m.SetGruFormula(GruFormula.Linger, 7)),
            "gru", "scale_o 2^7 with linger's formula");

    [Fact]
    public void ExportVenus_GruGateExponentBelow11_RefusedNamingModule()
    {
        // Inputs up to ±25 give q_i = 2; with q_iw ≈ 7 the input gates sit at Q9.
        var e = ExportVenus(new RnnSpec(false, 3, 4, 5, true, false, 1), 4, 1, range: 25f);
        AssertRefused(e, "gru", "below 11");
    }

    [Fact]
    public void EvalChipFormula_GateExponentBelow11_RefusedNamingModule()
    {
        var e = ExportVenus(new RnnSpec(false, 3, 4, 5, true, false, 1), 4, 1, range: 25f, configure: m => m.SetGruFormula(GruFormula.Chip, null));
        AssertRefused(e, "GRUInt 'gru'", "must both be at least 11");
    }

    [Fact]
    public void ExportVenus_LstmBatch2_Refused()
        => AssertRefused(ExportVenus(new RnnSpec(true, 3, 4, 5, true, false, 1), 4, 2), "lstm", "batch 2 (the venus LSTM runs batch 1 only)");

    [Fact]
    public void ExportVenus_LstmInitialCell_Refused()
        => AssertRefused(ExportVenus(new RnnSpec(true, 3, 4, 5, true, false, 1), 4, 1, withState: true), "lstm", "an initial cell state c0 is given");

    [Fact]
    public void ExportVenus_LstmBidirectionalBatch1_Exports()
        => Assert.Null(ExportVenus(new RnnSpec(true, 3, 4, 5, true, true, 1), 4, 1));

    [Fact]
    public void ExportGeneric_ChipFormula_RefusedWithFix()
    {
        using var scope = NewDisposeScope();
        var model = Linger.Init(new RnnNet(new RnnSpec(false, 3, 4, 5, true, false, 1), 4));
        model.SetGruFormula(GruFormula.Chip, null);
        model.train();
        model.call(randn(1, 4, 3));
        model.eval();
        var x = randn(1, 4, 3);
        var e = Assert.Throws<LingerException>(() => Linger.Export(model, x, Path.Combine(_dir, "g.onnx"), new ExportOptions { Target = ChipTarget.Generic }));
        Assert.Contains("'gru'", e.Message);
        Assert.Contains("GruFormula.Chip", e.Message);
    }

    [Fact]
    public void Init_GruAndLstm_ReplacedSharingParametersAndStateDictKeys()
    {
        var gruNet = new RnnNet(new RnnSpec(false, 3, 4, 5, false, true, 2));
        var keys = gruNet.state_dict().Keys.Where(k => k.StartsWith("gru.", StringComparison.Ordinal)).ToList();
        var w = ((GRU)gruNet.gru!).get_parameter("weight_hh_l1_reverse");
        Linger.Init(gruNet);
        var g = Assert.IsType<GRUInt>(gruNet.gru);
        Assert.Same(w, g.get_parameter("weight_hh_l1_reverse"));
        Assert.All(keys, k => Assert.Contains(k, gruNet.state_dict().Keys));
        Assert.Contains("gru.running_o_l1", gruNet.state_dict().Keys);
        Assert.Contains("gru.running_iw_l0_reverse", gruNet.state_dict().Keys);
        Assert.Equal((4, 5, 2, true, false), (g.InputSize, g.HiddenSize, g.NumLayers, g.Bidirectional, g.BatchFirst));

        var lstmNet = Linger.Init(new RnnNet(new RnnSpec(true, 3, 4, 6, true, false, 1, Bias: false)));
        var l = Assert.IsType<LSTMInt>(lstmNet.lstm);
        Assert.Equal((4, 6, 1, false, true), (l.InputSize, l.HiddenSize, l.NumLayers, l.Bidirectional, l.BatchFirst));
        Assert.DoesNotContain("lstm.bias_ih_l0", lstmNet.state_dict().Keys);
    }

    [Fact]
    public void GruIntAndLstmInt_HaveTorchSharpBaseTypes()
    {
        Assert.Equal(typeof(GRU).BaseType, typeof(GRUInt).BaseType);
        Assert.Equal(typeof(LSTM).BaseType, typeof(LSTMInt).BaseType);
    }

    private sealed class ConcreteField : nn.Module<Tensor, Tensor>
    {
        public GRU gru = nn.GRU(3, 4);

        public ConcreteField() : base("concrete") => RegisterComponents();

        public override Tensor forward(Tensor x) => gru.call(x, null).Item1;
    }

    [Fact]
    public void Init_GruFieldOfConcreteType_RefusedNamingField()
    {
        var e = Assert.Throws<LingerException>(() => Linger.Init(new ConcreteField()));
        Assert.Contains("'gru'", e.Message);
        Assert.Contains("GRUInt", e.Message);
    }

    [Fact]
    public void Init_GruWith16BitOutput_Refused()
    {
        var net = new RnnNet(new RnnSpec(false, 3, 4, 5, true, false, 1));
        Linger.QuantModule(net.gru!, outBits: 16);
        var e = Assert.Throws<LingerException>(() => Linger.Init(net));
        Assert.Contains("'gru' (GRU)", e.Message);
        Assert.Contains("8-bit data, weights and output", e.Message);
    }
}
