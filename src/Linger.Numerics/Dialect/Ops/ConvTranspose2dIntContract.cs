using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::ConvTranspose2dInt</c> (linger-spec §3.3, §6.3; chip-facts "ConvTranspose2dInt").</summary>
internal static class ConvTranspose2dIntContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.ConvTranspose2dInt,
        Summary = "2-D transposed convolution (PyTorch conv_transpose2d): int32 accumulator (wraps), SAT32(acc + b), then SAT8(RSH(·, q_x + q_w − q_o)). Without o_bits: float32 acc / 2^(q_x+q_w). pads are the forward padding [top, left, bottom, right].",
        Reference = "linger-spec §3.3, §6.3; chip-facts ConvTranspose2dInt",
        Inputs = [CommonPorts.DataX, CommonPorts.Weight("weight [C, OC/group, kh, kw]"), CommonPorts.Bias],
        Outputs = [CommonPorts.LayerOutput],
        Attributes =
        [
            .. CommonPorts.LayerAttributes,
            .. CommonPorts.Window2dAttributes(kernelRequired: false),
            AttributeContract.Opt(AttributeNames.OutputPadding, AttributeKind.Ints, "[oh, ow] added at the bottom/right, default 0"),
            AttributeContract.Opt(AttributeNames.Dilations, AttributeKind.Ints, "[dh, dw], default 1"),
            AttributeContract.Opt(AttributeNames.Group, AttributeKind.Int, "groups, default 1"),
        ],
        InferShapes = Infer,
        VenusLimits =
        [
            new("kernel 1..5", v => Ints(v, AttributeNames.KernelShape).Any(k => k is < 1 or > VenusLimitTable.MaxKernel) ? $"kernel {v.Attributes.Format(AttributeNames.KernelShape)} is outside 1..5" : null),
            new("stride 1, 2 or 4; stride 2 needs kernel 2..5, stride 4 kernel 4..5 (linger's venus asserts)", StrideRule),
            new("padding ≤ kernel − 1 (a pad equal to the kernel gives shifted results)", v =>
            {
                var k = Ints(v, AttributeNames.KernelShape);
                var p = ShapeRules.Pads2d(v.Attributes);
                for (int i = 0; i < p.Length && k.Length == 2; i++)
                    if (p[i] > k[i % 2] - 1) return $"padding {p[i]} exceeds kernel − 1 = {k[i % 2] - 1}";
                return null;
            }),
            new("group 1 (the packer cannot pack grouped transposed convolutions)", v => v.Attributes.Int(AttributeNames.Group, 1) == 1 ? null : $"group {v.Attributes.Int(AttributeNames.Group)} is not 1"),
            new("no dilation", v => v.Attributes.Ints(AttributeNames.Dilations, [1, 1]).All(d => d == 1) ? null : $"dilation {v.Attributes.Format(AttributeNames.Dilations)} is rejected"),
            new("a bias input (the packer cannot pack it without one; export a zero bias)", v => v.InputShapes.Count == 0 || v.Shape(2) is not null ? null : "the bias input is missing"),
            VenusLimitTable.Int8Data, VenusLimitTable.WeightBits, CommonPorts.Int8Output,
        ],
    };

    private static long[] Ints(NodeView v, string name) => v.Attributes.Ints(name, []);

    private static string? StrideRule(NodeView v)
    {
        var s = v.Attributes.Ints(AttributeNames.Strides, [1, 1]);
        var k = Ints(v, AttributeNames.KernelShape);
        for (int i = 0; i < s.Length; i++)
        {
            if (!VenusLimitTable.Strides.Contains(s[i])) return $"stride {s[i]} is not 1, 2 or 4";
            if (i >= k.Length) continue;
            if (s[i] == 2 && k[i] is < 2 or > 5) return $"stride 2 with kernel {k[i]} (needs 2..5)";
            if (s[i] == 4 && k[i] is < 4 or > 5) return $"stride 4 with kernel {k[i]} (needs 4..5)";
        }
        return null;
    }

    private static int[][] Infer(NodeView v)
    {
        var x = v.RequireShape(0);
        var w = v.RequireShape(1);
        if (w.Length != 4 || w.Any(d => d == 0)) throw v.Fail($"weight has shape [{ShapeRules.Format(w)}] but must be [C, OC/group, kh, kw] with no empty dimension.");
        var a = v.Attributes;
        long group = a.Int(AttributeNames.Group, 1);
        if (group < 1 || w[0] % group != 0) throw v.Fail($"group = {group} must be ≥ 1 and divide the {w[0]} input channels.");
        if (a.Has(AttributeNames.KernelShape) && !a.Ints(AttributeNames.KernelShape).SequenceEqual([w[2], w[3]]))
            throw v.Fail($"kernel_shape {a.Format(AttributeNames.KernelShape)} does not match the weight [{ShapeRules.Format(w)}].");
        if (x.Length != 4) throw v.Fail($"input has shape [{ShapeRules.Format(x)}] but must be 4-D [N, C, H, W].");
        if (x[1] != w[0]) throw v.Fail($"input has {x[1]} channels but the weight [{ShapeRules.Format(w)}] needs {w[0]}.");
        int oc = checked((int)(w[1] * group));
        if (v.Shape(2) is { } b && (b.Length != 1 || b[0] != oc)) throw v.Fail($"bias has shape [{ShapeRules.Format(b)}] but must be [{oc}].");
        var s = a.IntList(AttributeNames.Strides, 2, 1, [1, 1]);
        var d = a.IntList(AttributeNames.Dilations, 2, 1, [1, 1]);
        var op = a.IntList(AttributeNames.OutputPadding, 2, 0, [0, 0]);
        var p = ShapeRules.Pads2d(a);
        int Out(int i, int len, int k, int pb, int pe)
        {
            if (op[i] >= s[i] && op[i] >= d[i]) throw v.Fail($"output_padding {op[i]} must be smaller than the stride {s[i]} or the dilation {d[i]}.");
            long o = (long)(len - 1) * s[i] - pb - pe + (long)d[i] * (k - 1) + op[i] + 1;
            if (o < 1) throw v.Fail($"the output would be empty along axis {i + 2} (input {len}, pads {pb}+{pe}).");
            return checked((int)o);
        }
        return [[x[0], oc, Out(0, x[2], w[2], p[0], p[2]), Out(1, x[3], w[3], p[1], p[3])]];
    }
}
