using LingerNet.Export.Handlers;
using LingerNet.Numerics;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// The integer recurrent layer shared by <see cref="GRUInt"/> and <see cref="LSTMInt"/> (linger-spec §3.7, §3.8):
/// every layer and direction with its parameters (the float module's own Parameter objects, so state-dict keys
/// stay <c>weight_ih_l0</c>, <c>bias_hh_l1_reverse</c>...) and statistics (<c>running_i_l0</c>, <c>running_o_l0</c>
/// per layer; <c>running_iw_l0</c>, <c>running_hw_l0</c> (+ <c>_reverse</c>) per direction).
/// <para>Scales: q_i is the layer input's (a quantized producer's, or <c>running_i</c>); q_iw, q_hw the largest
/// non-saturating weight exponents (recomputed from the weights, as Conv/Linear); q_o is shared by the output,
/// the hidden state fed back and both directions (the chip reads the recurrent exponent from the output tensor):
/// a fixed exponent when the owner sets one (the GRU on venus: 8), else from <c>running_o</c> (7 before any
/// statistics; at most 14).</para>
/// <para>Training: one matmul projects all steps of x, then a time loop with float gates on fake-quantized
/// weights, biases and a hidden state re-quantized to q_o at every step (straight-through gradients): on CPU float32
/// one autograd node per layer and direction (<see cref="GruTimeLoop"/>, <see cref="LstmTimeLoop"/>), elsewhere the
/// same computation as plain autograd ops (<see cref="RecurrentReferenceLoop"/>), tested bit-identical in value.
/// Eval: the Numerics kernels (<see cref="VenusGruCell"/>, <see cref="VenusLstmCell"/>) on the integers, exact.</para>
/// </summary>
internal sealed class RecurrentCore
{
    private const int Bits = 8;
    private const int MaxOutputExponent = 14;
    private const int DefaultOutputExponent = 7;

    private readonly nn.Module _owner;
    private readonly Direction[][] _layers;
    private readonly Tensor[] _runningI;
    private readonly Tensor[] _runningO;

    private sealed record Direction(Parameter WeightIh, Parameter WeightHh, Parameter? BiasIh, Parameter? BiasHh, Tensor RunningIw, Tensor RunningHw);

    private readonly bool _quantized;

    /// <summary>
    /// Takes over the float module's parameters and registers them and (when <paramref name="quantized"/>) the
    /// statistics on <paramref name="owner"/>. Not quantized: the constraint stage's float loop (clamps only).
    /// </summary>
    public RecurrentCore(nn.Module owner, nn.Module floatModule, string kind, int gates, bool quantized = true)
    {
        _owner = owner;
        _quantized = quantized;
        Kind = kind;
        Gates = gates;
        var named = floatModule.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        if (!named.TryGetValue("weight_ih_l0", out var w0))
            throw new LingerException($"{kind} '{floatModule.GetName()}': no parameter weight_ih_l0; is this a {kind}?");
        HiddenSize = (int)(w0.shape[0] / gates);
        InputSize = (int)w0.shape[1];
        Bidirectional = named.ContainsKey("weight_ih_l0_reverse");
        HasBias = named.ContainsKey("bias_ih_l0");
        NumLayers = 0;
        while (named.ContainsKey($"weight_ih_l{NumLayers}")) NumLayers++;
        BatchFirst = ReadPrivate<bool>(floatModule, "_batch_first");
        _layers = new Direction[NumLayers][];
        _runningI = new Tensor[NumLayers];
        _runningO = new Tensor[NumLayers];
        for (int l = 0; l < NumLayers; l++)
        {
            _runningI[l] = RunningStatistic.NewBuffer();
            _runningO[l] = RunningStatistic.NewBuffer();
            if (quantized)
            {
                owner.register_buffer($"running_i_l{l}", _runningI[l]);
                owner.register_buffer($"running_o_l{l}", _runningO[l]);
            }
            _layers[l] = new Direction[Directions];
            for (int d = 0; d < Directions; d++)
            {
                string suffix = $"_l{l}" + (d == 1 ? "_reverse" : "");
                var dir = new Direction(named["weight_ih" + suffix], named["weight_hh" + suffix],
                    HasBias ? named["bias_ih" + suffix] : null, HasBias ? named["bias_hh" + suffix] : null,
                    RunningStatistic.NewBuffer(), RunningStatistic.NewBuffer());
                owner.register_parameter("weight_ih" + suffix, dir.WeightIh);
                owner.register_parameter("weight_hh" + suffix, dir.WeightHh);
                if (dir.BiasIh is not null) owner.register_parameter("bias_ih" + suffix, dir.BiasIh);
                if (dir.BiasHh is not null) owner.register_parameter("bias_hh" + suffix, dir.BiasHh);
                if (quantized)
                {
                    owner.register_buffer("running_iw" + suffix, dir.RunningIw);
                    owner.register_buffer("running_hw" + suffix, dir.RunningHw);
                }
                _layers[l][d] = dir;
            }
        }
    }

    /// <summary>"GRU" or "LSTM".</summary>
    public string Kind { get; }

    /// <summary>3 or 4.</summary>
    public int Gates { get; }

    /// <summary>I.</summary>
    public int InputSize { get; }

    /// <summary>H.</summary>
    public int HiddenSize { get; }

    /// <summary>Stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>Two directions per layer.</summary>
    public bool Bidirectional { get; }

    /// <summary>1 or 2.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>[B, T, I] instead of [T, B, I].</summary>
    public bool BatchFirst { get; }

    /// <summary>The layers have biases.</summary>
    public bool HasBias { get; }

    /// <summary>A fixed output exponent for every layer (the GRU on venus: 8), or null to take it from the statistics.</summary>
    public int? FixedOutputExponent { get; set; }

    /// <summary>Clamp the float weights to ±bound before quantization (from Linger.Constrain); null: no clamp.</summary>
    public double? ClampWeight { get; set; }

    /// <summary>Clamp the float biases to ±bound before quantization; null: no clamp.</summary>
    public double? ClampBias { get; set; }

    /// <summary>Clamp every step's new hidden state to ±bound in training (eval: the int8 saturation only, as the chip); null: no clamp.</summary>
    public double? ClampOutput { get; set; }

    /// <summary>Train through <see cref="RecurrentReferenceLoop"/> even where the fast loop applies (tests compare the two).</summary>
    internal bool UseReferenceLoop { get; set; }

    /// <summary>The GRU hidden-state update (ignored for an LSTM).</summary>
    public GruFormula Formula { get; set; } = GruFormula.Linger;

    /// <summary>Reads a private field of TorchSharp's native-backed module (it has no public property for it).</summary>
    private static T ReadPrivate<T>(object o, string field)
    {
        var f = o.GetType().GetField(field, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
                ?? throw new LingerException($"{o.GetType().Name}: cannot read '{field}' (TorchSharp version?).");
        return (T)f.GetValue(o)!;
    }

    /// <summary>The output exponent of layer <paramref name="l"/>.</summary>
    public int OutputExponent(int l, bool training)
    {
        if (FixedOutputExponent is int q) return q;
        if (training)
        {
            double r = RunningStatistic.Read(_runningO[l]);
            return r > 0 ? Math.Min(MaxOutputExponent, Pow2Scale.FromRunning(r, Bits).Exponent) : DefaultOutputExponent;
        }
        return ActivationQuantizer.OutputScaleEval(_runningO[l], Bits, MaxOutputExponent, _owner.GetName()).Exponent;
    }

    /// <summary>
    /// Runs all layers. <paramref name="h0"/>, <paramref name="c0"/>: [L·D, B, H] or null; <paramref name="lengths"/>:
    /// [B] int64 or null. Returns (output, h_n, c_n) with c_n null for a GRU.
    /// </summary>
    public (Tensor Output, Tensor HN, Tensor? CN) Forward(Tensor input, Tensor? h0, Tensor? c0, Tensor? lengths, bool training)
    {
        string where = $"{Kind}Int '{_owner.GetName()}'";
        if (input.dim() != 3) throw new LingerException($"{where}: input has shape [{string.Join(", ", input.shape)}]; it must be 3-D ({(BatchFirst ? "[B, T, I]" : "[T, B, I]")}). Unbatched input is not supported.");
        int t = (int)input.shape[BatchFirst ? 1 : 0], b = (int)input.shape[BatchFirst ? 0 : 1];
        if (input.shape[2] != InputSize) throw new LingerException($"{where}: input has {input.shape[2]} features, the layer takes {InputSize}.");
        CheckState(h0, "h0", b, where);
        CheckState(c0, "c0", b, where);
        int[]? lens = lengths is null ? null : ReadLengths(lengths, b, t, where);
        if (!_quantized) training = true; // the constraint stage's float loop runs the same way in eval
        var (layerInput, si) = _quantized ? ActivationQuantizer.QuantizeInput(input, _runningI[0], Bits, training, _owner.GetName()) : (input, new Pow2Scale(0));
        if (!training && lengths is not null) Export.ExportCapture.Current?.Record(_owner, new RecurrentConstantCall(lengths));
        var hs = new List<Tensor>();
        var cs = new List<Tensor>();
        Tensor layerOriginal = input;
        for (int l = 0; l < NumLayers; l++)
        {
            if (l > 0 && _quantized) RunningStatistic.Observe(_runningI[l], si.MaxRepresentable(Bits));
            int qo = _quantized ? OutputExponent(l, training) : 0;
            var (output, hn, cn) = training
                ? TrainLayer(l, layerInput, si, qo, h0, c0, lens, t, b)
                : EvalLayer(l, layerOriginal, layerInput, si, qo, h0, c0, lengths, lens, t, b);
            hs.AddRange(hn);
            cs.AddRange(cn);
            layerInput = layerOriginal = output;
            si = new Pow2Scale(qo);
        }
        var hOut = hs.Count == 1 ? hs[0] : cat(hs, 0);
        var cOut = Gates == 4 ? (cs.Count == 1 ? cs[0] : cat(cs, 0)) : null;
        return (layerInput, hOut, cOut);
    }

    private void CheckState(Tensor? s, string what, int b, string where)
    {
        if (s is null) return;
        long[] want = [NumLayers * Directions, b, HiddenSize];
        if (!s.shape.SequenceEqual(want))
            throw new LingerException($"{where}: {what} has shape [{string.Join(", ", s.shape)}] but must be [{string.Join(", ", want)}] (layers × directions, batch, hidden).");
    }

    private static int[] ReadLengths(Tensor lengths, int b, int t, string where)
    {
        if (lengths.dim() != 1 || lengths.shape[0] != b)
            throw new LingerException($"{where}: lengths has shape [{string.Join(", ", lengths.shape)}] but must be [{b}] (one length per batch row).");
        var v = Platform.HostArrays.As<long>(lengths.cpu(), ScalarType.Int64);
        for (int i = 0; i < v.Length; i++)
            if (v[i] < 0 || v[i] > t) throw new LingerException($"{where}: length {v[i]} of batch row {i} is outside [0, {t}].");
        return v.Select(x => (int)x).ToArray();
    }

    private (Tensor Output, List<Tensor> HN, List<Tensor> CN) TrainLayer(int l, Tensor layerInput, Pow2Scale si, int qo, Tensor? h0, Tensor? c0, int[]? lens, int t, int b)
    {
        var so = new Pow2Scale(qo);
        // [T, B, I] for the loop.
        var x = BatchFirst ? layerInput.transpose(0, 1) : layerInput;
        var options = new RecurrentLoopOptions(_quantized, qo, ClampOutput, lens, Formula, ObserveRawMax: _quantized && FixedOutputExponent is null);
        var outs = new List<Tensor>();
        var hn = new List<Tensor>();
        var cn = new List<Tensor>();
        double rawMax = 0;
        for (int d = 0; d < Directions; d++)
        {
            var dir = _layers[l][d];
            var (wIhF, wHhF, bIhF, bHhF) = Clamped(dir);
            var sIw = WeightScale(wIhF, dir.RunningIw);
            var sHw = WeightScale(wHhF, dir.RunningHw);
            var wIh = Fq(wIhF, sIw.Value, QuantRange.Min(Bits), QuantRange.Max(Bits));
            var wHh = Fq(wHhF, sHw.Value, QuantRange.Min(Bits), QuantRange.Max(Bits));
            var bIh = bIhF is null ? null : Fq(bIhF, Math.ScaleB(1.0, si.Exponent + sIw.Exponent), int.MinValue, int.MaxValue);
            var bHh = bHhF is null ? null : Fq(bHhF, Math.ScaleB(1.0, qo + sHw.Exponent), int.MinValue, int.MaxValue);
            long[]? order = d == 1 ? ReverseOrder(lens, t, b) : null;
            var xd = order is null ? x : Gather(x, order, t, b);
            var gi = nn.functional.linear(xd, wIh, bIh); // all steps in one matmul
            var h = h0 is null ? zeros(b, HiddenSize, dtype: x.dtype) : Fq(h0[l * Directions + d], so.Value, QuantRange.Min(Bits), QuantRange.Max(Bits));
            Tensor? c = Gates == 4
                ? (c0 is null ? zeros(b, HiddenSize, dtype: x.dtype) : Fq(c0[l * Directions + d], 128.0, short.MinValue, short.MaxValue))
                : null;
            var loop = RunLoop(gi, wHh, bHh, h, c, options);
            rawMax = Math.Max(rawMax, loop.RawMaxAbs);
            outs.Add(order is null ? loop.Output : Gather(loop.Output, order, t, b));
            hn.Add(loop.HN.unsqueeze(0));
            if (loop.CN is not null) cn.Add(loop.CN.unsqueeze(0));
        }
        var y = outs.Count == 1 ? outs[0] : cat(outs, -1);
        if (BatchFirst) y = y.transpose(0, 1);
        if (!_quantized) return (y, hn, cn);
        if (FixedOutputExponent is null)
            RunningStatistic.Observe(_runningO[l], Pow2Scale.FromMaxAbs(rawMax, Bits).MaxRepresentable(Bits));
        else
            RunningStatistic.Observe(_runningO[l], so.MaxRepresentable(Bits));
        return (QuantTags.Tag(y, new QuantInfo(so, Bits)), hn, cn);
    }

    /// <summary>
    /// The time loop of one layer and direction: the fast single-node loop on CPU float32 (the training default), else
    /// the reference loop of plain autograd ops; both compute the same values (RecurrentLoopTests).
    /// </summary>
    private RecurrentLoopResult RunLoop(Tensor gi, Tensor wHh, Tensor? bHh, Tensor h0, Tensor? c0, RecurrentLoopOptions options)
    {
        bool fast = !UseReferenceLoop && gi.shape[0] > 0 && gi.shape[1] > 0 && HiddenSize > 0 && gi.device_type == DeviceType.CPU
                    && new[] { gi, wHh, bHh, h0, c0 }.All(x => x is null || x.dtype == ScalarType.Float32);
        if (!fast) return RecurrentReferenceLoop.Run(gi, wHh, bHh, h0, c0, options);
        return Gates == 3 ? GruTimeLoop.Run(gi, wHh, bHh, h0, options) : LstmTimeLoop.Run(gi, wHh, bHh, h0, c0!, options);
    }

    /// <summary>Per row, the time index processed at loop step k by the reverse direction: L−1−k below L, k at or past it (an involution).</summary>
    private static long[] ReverseOrder(int[]? lens, int t, int b)
    {
        var idx = new long[t * b];
        for (int k = 0; k < t; k++)
            for (int i = 0; i < b; i++)
            {
                int len = lens?[i] ?? t;
                idx[k * b + i] = k < len ? len - 1 - k : k;
            }
        return idx;
    }

    private static Tensor Gather(Tensor x, long[] order, int t, int b)
        => x.gather(0, torch.tensor(order).reshape(t, b, 1).expand(t, b, x.shape[2]));

    private Pow2Scale WeightScale(Tensor w, Tensor running)
    {
        if (!_quantized) return new Pow2Scale(0);
        var s = Pow2Scale.FromMaxAbs(ActivationQuantizer.MaxAbs(w), Bits);
        if (_owner.training) RunningStatistic.Observe(running, s.MaxRepresentable(Bits));
        return s;
    }

    /// <summary>Fake quantization in the QAT loop; the identity in the constraint stage's float loop.</summary>
    private Tensor Fq(Tensor x, double scale, long lo, long hi) => _quantized ? FakeQuantize.Apply(x, scale, lo, hi) : x;

    /// <summary>The direction's float parameters after the constraint clamps.</summary>
    private (Tensor WIh, Tensor WHh, Tensor? BIh, Tensor? BHh) Clamped(Direction dir)
        => (Clip(dir.WeightIh, ClampWeight)!, Clip(dir.WeightHh, ClampWeight)!, Clip(dir.BiasIh, ClampBias), Clip(dir.BiasHh, ClampBias));

    private static Tensor? Clip(Tensor? t, double? bound) => t is not null && bound is double b ? t.clamp(-b, b) : t;

    private (Tensor Output, List<Tensor> HN, List<Tensor> CN) EvalLayer(int l, Tensor original, Tensor layerInput, Pow2Scale si, int qo, Tensor? h0, Tensor? c0,
                                                                        Tensor? lengths, int[]? lens, int t, int b)
    {
        using var _ = no_grad();
        int hsz = HiddenSize, ins = (int)layerInput.shape[2];
        var so = new Pow2Scale(qo);
        sbyte[] xi = ToInt8(ActivationQuantizer.Integers(layerInput, si));
        long[] outShape = BatchFirst ? [b, t, hsz] : [t, b, hsz];
        var outs = new List<Tensor>();
        var hn = new List<Tensor>();
        var cn = new List<Tensor>();
        for (int d = 0; d < Directions; d++)
        {
            var (wIhF, wHhF, bIhF, bHhF) = Clamped(_layers[l][d]);
            var sIw = Pow2Scale.FromMaxAbs(ActivationQuantizer.MaxAbs(wIhF), Bits);
            var sHw = Pow2Scale.FromMaxAbs(ActivationQuantizer.MaxAbs(wHhF), Bits);
            var wIh = ToInt8(ActivationQuantizer.QuantizeToIntegers(wIhF, sIw, Bits));
            var wHh = ToInt8(ActivationQuantizer.QuantizeToIntegers(wHhF, sHw, Bits));
            var bIh = bIhF is null ? null : ToInt32(ActivationQuantizer.QuantizeToIntegers(bIhF, new Pow2Scale(si.Exponent + sIw.Exponent), 32));
            var bHh = bHhF is null ? null : ToInt32(ActivationQuantizer.QuantizeToIntegers(bHhF, new Pow2Scale(qo + sHw.Exponent), 32));
            var p = new RecurrentParameters(Gates, ins, hsz, wIh, wHh, bIh, bHh, si.Exponent, sIw.Exponent, sHw.Exponent, qo);
            var h0d = h0 is null ? null : h0[l * Directions + d].unsqueeze(0);
            var c0d = c0 is null ? null : c0[l * Directions + d].unsqueeze(0);
            sbyte[] h0i = h0d is null ? [] : ToInt8(ActivationQuantizer.QuantizeToIntegers(h0d, so, Bits));
            var output = new sbyte[t * b * hsz];
            var hFinal = new sbyte[b * hsz];
            Tensor? cT = null;
            if (Gates == 3)
            {
                try { VenusGruCell.Run(p, Formula, xi, t, b, BatchFirst, d == 1, lens ?? [], h0i, output, hFinal); }
                catch (LingerException e) { throw new LingerException($"GRUInt '{_owner.GetName()}' (layer {l}): {e.Message}"); }
            }
            else
            {
                short[] c0i = c0d is null ? [] : Platform.HostArrays.As<short>(ActivationQuantizer.QuantizeToIntegers(c0d, new Pow2Scale(VenusLstmCell.CellExponent), 16), ScalarType.Int16);
                var cFinal = new short[b * hsz];
                VenusLstmCell.Run(p, xi, t, b, BatchFirst, d == 1, lens ?? [], h0i, c0i, output, hFinal, cFinal);
                cT = torch.tensor(cFinal).reshape(1, b, hsz).to_type(ScalarType.Float32).div_(128.0);
                cn.Add(cT);
            }
            var oT = QuantTags.Tag(torch.tensor(output).reshape(outShape).to_type(ScalarType.Float32).div_(so.Value), new QuantInfo(so, Bits));
            var hT = torch.tensor(hFinal).reshape(1, b, hsz).to_type(ScalarType.Float32).div_(so.Value);
            outs.Add(oT);
            hn.Add(hT);
            Export.ExportCapture.Current?.Record(_owner, new RecurrentNodeCall(
                Gates == 4, l, d == 1, original, si, lengths, h0 is null ? null : h0, c0, p, BatchFirst, Gates == 3 ? Formula : null,
                NumLayers * Directions, sIw, sHw, so, HasBias, oT, hT, cT));
        }
        if (outs.Count == 1) return (outs[0], hn, cn);
        var y = QuantTags.Tag(cat(outs, 2), new QuantInfo(so, Bits));
        Export.ExportCapture.Current?.Record(_owner, new RecurrentConcatCall(outs[0], outs[1], so, y));
        return (y, hn, cn);
    }

    private static sbyte[] ToInt8(Tensor exact) => Platform.HostArrays.As<sbyte>(exact, ScalarType.Int8);

    private static int[] ToInt32(Tensor exact) => Platform.HostArrays.As<int>(exact, ScalarType.Int32);
}
