using LingerNet.Numerics.Dialect;

namespace LingerNet.Cli.Planning;

/// <summary>
/// Per-op facts for the plan: multiply-accumulates, the scratch memory the venus engine really writes (chip-facts
/// "Workspace": the packer reserves less for GRU, LSTM, LayerNorm and broadcast iqMul), and packed parameter sizes
/// (thinker-spec §3.8).
/// </summary>
internal static class OpCosts
{
    /// <summary>Rounds up to a multiple of <paramref name="a"/>.</summary>
    public static long Align(long v, long a) => (v + a - 1) / a * a;

    /// <summary>Multiply-accumulates of one run of <paramref name="node"/> (0 for ops that only move, add or compare).</summary>
    public static long Macs(PlanNode node, PlanGraph g)
    {
        PlanValue? In(int i) => i < node.Inputs.Count && g.Values.TryGetValue(node.Inputs[i], out var v) ? v : null;
        PlanValue? Out(int i) => i < node.Outputs.Count && g.Values.TryGetValue(node.Outputs[i], out var v) ? v : null;
        long Tail(PlanValue? w) => w is null ? 0 : w.Shape.Skip(1).Aggregate(1L, (p, d) => p * d);
        string op = node.OpType;
        // Conv: every output element is a dot product over (IC/g)·kh·kw: OC·OH·OW·(IC/g)·kh·kw per image.
        if (op is OpTypes.Conv2dInt or OpTypes.Conv1dInt) return (Out(0)?.Elements ?? 0) * Tail(In(1));
        // Transposed conv: every input element is scattered over (OC/g)·kh·kw outputs.
        if (op == OpTypes.ConvTranspose2dInt) return (In(0)?.Elements ?? 0) * Tail(In(1));
        // Linear / Bmm: in features (the reduced axis) per output element.
        if (op is OpTypes.LinearInt or OpTypes.BmmInt)
            return In(0) is { } x && x.Shape.Length > 0 ? (Out(0)?.Elements ?? 0) * x.Shape[^1] : 0;
        if (op is OpTypes.BatchNorm2dInt or OpTypes.IqMul or OpTypes.LayerNormInt) return Out(0)?.Elements ?? 0;
        // Recurrent: per time step and batch row, W_ih·x and W_hh·h: (gates·H)·(I + H).
        if (IsGru(op) || IsLstm(op))
        {
            var x = In(0);
            var wih = In(1);
            var whh = In(2);
            if (x is null || wih is null || whh is null || x.Shape.Length == 0) return 0;
            long rows = x.Elements / Math.Max(1, x.Shape[^1]);
            return rows * (wih.Elements + whh.Elements);
        }
        return 0;
    }

    /// <summary>
    /// The scratch bytes the venus engine writes while running <paramref name="node"/>, and why (empty when none).
    /// </summary>
    /// <param name="node">The node.</param>
    /// <param name="g">The graph.</param>
    /// <param name="inPsram">Whether a value lives in PSRAM (the engine stages PSRAM operands through SRAM).</param>
    public static (long Bytes, string Why) EngineWorkspace(PlanNode node, PlanGraph g, Func<string, bool> inPsram)
    {
        PlanValue? In(int i) => i < node.Inputs.Count && g.Values.TryGetValue(node.Inputs[i], out var v) ? v : null;
        PlanValue? Out(int i) => i < node.Outputs.Count && g.Values.TryGetValue(node.Outputs[i], out var v) ? v : null;
        string op = node.OpType;
        if (IsGru(op) || IsLstm(op))
        {
            long h = node.Int(AttributeNames.HiddenSize, 0);
            if (h == 0 && In(2) is { } whh && whh.Shape.Length == 2) h = whh.Shape[1];
            return IsGru(op) ? (24 * h, $"GRU 24·H, H = {h} (packer reserves 12·H)") : (40 * h, $"LSTM 40·H, H = {h} (packer reserves 32·H)");
        }
        if (op == OpTypes.LayerNormInt && In(1) is { } gamma)
            return (8 * gamma.Elements, $"LayerNorm 8·T, T = {gamma.Elements} (packer reserves max(2T+8, 4T))");
        if (op == OpTypes.BatchNorm2dInt && In(0) is { Shape.Length: 4 } bx)
            return (4L * bx.Shape[2] * bx.Shape[3], $"BatchNorm H·W·4, H·W = {bx.Shape[2] * bx.Shape[3]}");
        if (op == OpTypes.IqSigmoid && In(0) is { } sx && sx.ScaleExponent is { } q && q != 11)
            return (2 * sx.RawBytes, $"iqSigmoid 2·|x| (input at Q{q}, not Q11)");
        if (op == OpTypes.IqAdd && In(0) is { } a && In(1) is { } b && Out(0) is { } o)
        {
            bool rescale = a.ScaleExponent != o.ScaleExponent || b.ScaleExponent != o.ScaleExponent;
            bool psram = inPsram(a.Name) || inPsram(b.Name) || inPsram(o.Name);
            if (rescale || psram) return (2 * o.RawBytes, "iqAdd 2·|x|: " + (rescale ? "operands rescaled to the output Q" : "operands in PSRAM"));
        }
        if (op == OpTypes.IqMul && In(0) is { Shape.Length: 4 } mx && In(1) is { Shape.Length: 4 } my && Out(0) is { } mo)
        {
            var small = mx.Elements < my.Elements ? mx : my;
            var big = mx.Elements < my.Elements ? my : mx;
            // [N,C,H,W] × [N,C,1,1]: the engine expands the per-channel operand when C > H·W (estimate: one output-sized buffer).
            if (small.Elements != big.Elements && big.Shape[1] > (long)big.Shape[2] * big.Shape[3])
                return (mo.RawBytes, "broadcast iqMul with C > H·W (estimate: |output|)");
        }
        return (0, "");
    }

    /// <summary>Bytes of a parameter after packing (thinker-spec §3.8) and 16-byte alignment.</summary>
    /// <param name="value">The parameter.</param>
    /// <param name="consumer">The node that reads it, when known (conv weights are padded per the packing layout).</param>
    /// <param name="inputIndex">Which input of the consumer it is.</param>
    public static long ParameterBytes(PlanValue value, PlanNode? consumer, int inputIndex)
    {
        if (consumer is { OpType: OpTypes.Conv2dInt or OpTypes.Conv1dInt } && inputIndex == 1 && value.Shape.Length >= 3)
        {
            long oc = value.Shape[0], icg = value.Shape[1];
            long k = value.Shape.Skip(2).Aggregate(1L, (p, d) => p * d);
            long group = consumer.Int(AttributeNames.Group, 1);
            if (group > 1 && icg == 1 && group == oc) return Align(Align(oc, 16) * k * value.ElementBytes, 16); // depthwise: C→ALIGN16
            long perGroupOc = oc / Math.Max(1, group);
            // Dense (grouped convs are split per group by the packer): OC→ALIGN2, IC→ALIGN8.
            return Align(group * Align(perGroupOc, 2) * Align(icg, 8) * k * value.ElementBytes, 16);
        }
        return Align(value.RawBytes, 16);
    }

    /// <summary>Whether the op family is GRU (GRUInt and its variants).</summary>
    public static bool IsGru(string op) => op.StartsWith(OpTypes.GruInt, StringComparison.Ordinal);

    /// <summary>Whether the op family is LSTM (LSTMInt and its variants).</summary>
    public static bool IsLstm(string op) => op.StartsWith(OpTypes.LstmInt, StringComparison.Ordinal);
}
