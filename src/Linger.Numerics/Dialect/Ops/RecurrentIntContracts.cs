using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary>
/// <c>thinker::GRUInt</c>, <c>GRUInt_Is8_Is64</c> (lengths), <c>GRUInt_Is8_Is64_If32</c> (lengths + h0) and
/// <c>thinker::LSTMInt</c> (linger-spec §3.7, §3.8, §6.3; chip-facts "GRUInt", "LSTMInt"). One node is one
/// layer and one direction (<c>go_forward</c>); the hidden state fed back is the int8 output at scale_o.
/// </summary>
internal static class RecurrentIntContracts
{
    /// <summary>The <c>gru_formula</c> value selecting the chip's hidden-state update.</summary>
    public const string ChipFormula = AttributeValues.GruFormulaChip;

    private static PortContract X { get; } = new("x", new ElementTypeRule.FromBits(AttributeNames.DataBits, 8, false), "input [T, B, I] (batch_first: [B, T, I]) at scale_i")
    {
        Scale = ScaleRule.Attribute(AttributeNames.ScaleI),
    };

    private static PortContract Lengths(bool optional) => new("lengths", ElementTypeRule.Int64, "sequence length per batch row [B], int64") { Optional = optional };

    private static PortContract H0(bool optional) => new("h0", ElementTypeRule.Float, "initial hidden state [1, B, H] float32 (int8 at scale_o after rounding)") { Optional = optional };

    private static PortContract[] Parameters { get; } =
    [
        new("W_ih", ElementTypeRule.Int8, "[G·H, I] int8 at scale_iw") { Constant = true },
        new("W_hh", ElementTypeRule.Int8, "[G·H, H] int8 at scale_hw") { Constant = true },
        new("b_ih", ElementTypeRule.Int32, "[G·H] int32 at scale_i·scale_iw") { Constant = true, Optional = true },
        new("b_hh", ElementTypeRule.Int32, "[G·H] int32 at scale_o·scale_hw (the hidden state fed back is the output)") { Constant = true, Optional = true },
    ];

    private static PortContract Output { get; } = new("y", new ElementTypeRule.FromBits(AttributeNames.OBits, 8, false), "output, the input's layout with H features, int8 at scale_o")
    {
        Scale = ScaleRule.Attribute(AttributeNames.ScaleO),
    };

    private static PortContract Hidden { get; } = new("h_n", ElementTypeRule.Float, "final hidden state [1, B, H] float32 (int8 at scale_o / 2^q_o)");

    private static OpContract MakeGru(string opType, bool lengths, bool h0)
    {
        int weightAt = 1 + (lengths ? 1 : 0) + (h0 ? 1 : 0);
        return new()
        {
            OpType = opType,
            Summary = "One GRU layer and direction (gates r, z, n), VenusGruCell: gi = toQ11(W_ih·x + b_ih), gh = toQ11(W_hh·h + b_hh), r, z = sigmoidQ7, " +
                      "n = tanhQ7(SAT16(gi_n + RSH(r·gh_n, 7))); linger: h' = SAT8(RSH(128·n + z·(h7 − n), 14 − q_o)); gru_formula \"chip\": " +
                      "h' = SAT8(RSH(z·RSH(h, 1) + (128 − z)·n, 14 − q_o)). Equal at q_o = 8." +
                      (lengths ? " With per-row lengths" + (h0 ? " (may be omitted) and an initial hidden state." : ".") : ""),
            Reference = "linger-spec §3.7, §6.3; chip-facts GRUInt; docs/numerics-kernels.md VenusGruCell",
            Inputs = [X, .. lengths ? [Lengths(optional: h0)] : Array.Empty<PortContract>(), .. h0 ? [H0(optional: false)] : Array.Empty<PortContract>(), .. Parameters],
            Outputs = [Output, Hidden],
            Attributes = Attributes(gru: true),
            InferShapes = v => Infer(v, 3, lengthsAt: lengths ? 1 : -1, h0At: h0 ? weightAt - 1 : -1, c0At: -1, weightAt: weightAt, outputs: 2),
            VenusLimits =
            [
                VenusLimitTable.Int8Data, CommonPorts.Int8Output, GateExponents,
                new("output exponent 8 (scale_o = 256) unless gru_formula = \"chip\": the chip's h' = z·RSH(h, 1) + … equals linger's only at q_o = 8", v =>
                    v.Attributes.String(AttributeNames.GruFormula) != ChipFormula && v.Attributes.Has(AttributeNames.ScaleO) && v.Attributes.Scale(AttributeNames.ScaleO).Exponent != 8
                        ? $"scale_o {v.Attributes.Scale(AttributeNames.ScaleO)} with linger's formula (the chip halves the recurrent term at q_o = 7)" : null),
                new("forward direction only (the packer drops go_forward: a reverse GRU runs forward)", v =>
                    v.Attributes.Int(AttributeNames.GoForward, 1) == 0 ? "a reverse direction (go_forward = 0; a bidirectional GRU)" : null),
                new("no initial hidden state (the chip starts from zero)", v => h0 && (v.Shape(weightAt - 1) is not null || v.Type(weightAt - 1) >= 0) ? "an initial hidden state h0 is given" : null),
                new("no lengths (the chip runs every step)", v => lengths && (v.Shape(1) is not null || v.Type(1) >= 0) ? "sequence lengths are given" : null),
                new("batch_first, or batch 1 (the engine indexes seq-first buffers as batch-first)", v =>
                    v.Attributes.Int(AttributeNames.BatchFirst, 0) == 0 && v.Shape(0) is { Length: 3 } x && x[1] != 1 ? $"seq-first layout with batch {x[1]}" : null),
            ],
        };
    }

    private static VenusLimit GateExponents { get; } = new("gate pre-activation exponents q_i + q_iw and q_o + q_hw ≥ 11 (the chip does not shift left)", v =>
    {
        var a = v.Attributes;
        if (!a.Has(AttributeNames.ScaleO)) return null;
        int qi = a.Scale(AttributeNames.ScaleI).Exponent + a.Scale(AttributeNames.ScaleIw).Exponent;
        int qh = a.Scale(AttributeNames.ScaleO).Exponent + a.Scale(AttributeNames.ScaleHw).Exponent;
        return qi < 11 || qh < 11 ? $"gate exponents q_i + q_iw = {qi}, q_o + q_hw = {qh} (below 11)" : null;
    });

    private static IReadOnlyList<AttributeContract> Attributes(bool gru) =>
    [
        AttributeContract.Req(AttributeNames.InputSize, AttributeKind.Int, "I"),
        AttributeContract.Req(AttributeNames.HiddenSize, AttributeKind.Int, "H"),
        AttributeContract.Opt(AttributeNames.NumLayers, AttributeKind.Int, "1 (a stacked layer is a chain of nodes)"),
        AttributeContract.Opt(AttributeNames.BatchFirst, AttributeKind.Int, "1: [B, T, I]; 0 (default): [T, B, I]"),
        AttributeContract.Opt(AttributeNames.Dropout, AttributeKind.Float, "0 (ignored)"),
        AttributeContract.Opt(AttributeNames.GoForward, AttributeKind.Int, "1 (default) forward, 0 reverse"),
        AttributeContract.Req(AttributeNames.ScaleI, AttributeKind.Float, "input scale 2^q_i"),
        AttributeContract.Opt(AttributeNames.ScaleH, AttributeKind.Float, "hidden scale (= scale_o; ignored: the state fed back is the output)"),
        AttributeContract.Req(AttributeNames.ScaleIw, AttributeKind.Float, "W_ih scale 2^q_iw"),
        AttributeContract.Req(AttributeNames.ScaleHw, AttributeKind.Float, "W_hh scale 2^q_hw"),
        AttributeContract.Opt(AttributeNames.DataBits, AttributeKind.Int, "8"),
        AttributeContract.Opt(AttributeNames.ParameterBits, AttributeKind.Int, "8"),
        AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, "output (and hidden-state) scale 2^q_o, q_o ≤ 14"),
        AttributeContract.Opt(AttributeNames.OBits, AttributeKind.Int, "8"),
        AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
        .. gru ? [AttributeContract.Opt(AttributeNames.GruFormula, AttributeKind.String, "\"chip\": the venus h' update at any q_o (Linger.NET); absent: linger's")] : Array.Empty<AttributeContract>(),
    ];

    private static int Batch(NodeView v, int[] x) => v.Attributes.Int(AttributeNames.BatchFirst, 0) != 0 ? x[0] : x[1];

    private static int[][] Infer(NodeView v, int gates, int lengthsAt, int h0At, int c0At, int weightAt, int outputs)
    {
        var a = v.Attributes;
        var x = v.RequireShape(0);
        if (x.Length != 3) throw v.Fail($"input has shape [{ShapeRules.Format(x)}] but must be 3-D ([T, B, I], or [B, T, I] with batch_first).");
        bool batchFirst = a.Int(AttributeNames.BatchFirst, 0) != 0;
        int t = batchFirst ? x[1] : x[0], b = batchFirst ? x[0] : x[1];
        long inputSize = a.Int(AttributeNames.InputSize), hidden = a.Int(AttributeNames.HiddenSize);
        if (a.Int(AttributeNames.NumLayers, 1) != 1) throw v.Fail($"num_layers = {a.Int(AttributeNames.NumLayers)}; one node is one layer (export stacked layers as a chain).");
        if (hidden < 1 || inputSize < 1) throw v.Fail("input_size and hidden_size must be positive.");
        if (x[2] != inputSize) throw v.Fail($"input has {x[2]} features but input_size is {inputSize}.");
        int h = (int)hidden;
        Expect(v, weightAt, [gates * h, (int)inputSize], "W_ih");
        Expect(v, weightAt + 1, [gates * h, h], "W_hh");
        Expect(v, weightAt + 2, [gates * h], "b_ih");
        Expect(v, weightAt + 3, [gates * h], "b_hh");
        if (lengthsAt >= 0) Expect(v, lengthsAt, [b], "lengths");
        if (h0At >= 0) Expect(v, h0At, [1, b, h], "h0");
        if (c0At >= 0) Expect(v, c0At, [1, b, h], "c0");
        var qo = a.Scale(AttributeNames.ScaleO).Exponent;
        if (qo > 14) throw v.Fail($"scale_o 2^{qo} is finer than 2^14 (the state is computed in Q14).");
        int[] y = batchFirst ? [b, t, h] : [t, b, h];
        return outputs == 3 ? [y, [1, b, h], [1, b, h]] : [y, [1, b, h]];
    }

    private static void Expect(NodeView v, int index, int[] shape, string what)
    {
        if (v.Shape(index) is { } s && !s.SequenceEqual(shape))
            throw v.Fail($"{what} has shape [{ShapeRules.Format(s)}] but must be [{ShapeRules.Format(shape)}].");
    }

    public static OpContract Gru { get; } = MakeGru(OpTypes.GruInt, lengths: false, h0: false);

    public static OpContract GruLengths { get; } = MakeGru(OpTypes.GruIntIs8Is64, lengths: true, h0: false);

    public static OpContract GruLengthsH0 { get; } = MakeGru(OpTypes.GruIntIs8Is64If32, lengths: true, h0: true);

    public static OpContract Lstm { get; } = new()
    {
        OpType = OpTypes.LstmInt,
        Summary = "One LSTM layer and direction (gates i, f, g, o), VenusLstmCell: G = SAT16(toQ11(W_ih·x + b_ih) + toQ11(W_hh·h + b_hh)), " +
                  "c' = SAT16(RSH(f·c + i·g, 7)) (int16 Q7), h' = SAT8(RSH(o·tanhQ7(SAT16(RSH(f·c + i·g, 3))), 14 − q_o)). " +
                  "Optional inputs are positional (empty names when omitted): x, lengths, h0, c0, W_ih, W_hh, b_ih, b_hh.",
        Reference = "linger-spec §3.8, §6.3; chip-facts LSTMInt; docs/numerics-kernels.md VenusLstmCell",
        Inputs = [X, Lengths(optional: true), H0(optional: true), new("c0", ElementTypeRule.Float, "initial cell [1, B, H] float32 (int16 Q7 after rounding)") { Optional = true }, .. Parameters],
        Outputs = [Output, Hidden, new("c_n", ElementTypeRule.Float, "final cell [1, B, H] float32 (int16 Q7 / 2^7)")],
        Attributes = Attributes(gru: false),
        InferShapes = v => Infer(v, 4, lengthsAt: 1, h0At: 2, c0At: 3, weightAt: 4, outputs: 3),
        VenusLimits =
        [
            VenusLimitTable.Int8Data, CommonPorts.Int8Output, GateExponents,
            new("batch 1", v => v.Shape(0) is { } x && Batch(v, x) != 1 ? $"batch {Batch(v, x)} (the venus LSTM runs batch 1 only)" : null),
            new("no initial cell state (c0 = 0)", v => v.Shape(3) is not null || v.Type(3) >= 0 ? "an initial cell state c0 is given (the chip copies a float c0's bytes into its int16 cell)" : null),
        ],
    };
}
