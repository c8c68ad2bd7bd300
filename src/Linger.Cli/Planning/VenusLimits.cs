using LingerNet.Numerics.Dialect;

namespace LingerNet.Cli.Planning;

/// <summary>
/// What the venus packer and chip accept per op (thinker-spec §3.7, chip-facts): the supported-op list, the conv and
/// pool kernel/stride/pad/dilation limits, iqAdd without broadcasting, and the ops that compute wrongly on the chip.
/// </summary>
internal static class VenusLimits
{
    private static readonly HashSet<string> s_supported = new(StringComparer.Ordinal)
    {
        "ArgMax", "Conv1dInt", "Conv2dInt", "ConvTranspose2dInt", "Relu", "Prelu", "Clip", "MaxPool", "AvgPool2dInt", "LinearInt",
        "GRUInt", "LSTMInt", "BmmInt", "iqSigmoid", "iqTanh", "iqCat", "iqPad", "Transpose", "Reshape", "Squeeze", "Unsqueeze", "Flatten",
        "Slice", "iqSum", "iqSub", "iqAdd", "iqMul", "iqDiv", "Resize", "Gather", "Quant", "Dequant", "SoftmaxInt", "ShuffleChannel",
        "LogSoftmaxInt", "Split", "BatchNorm2dInt", "ReduceMean", "Requant", "LayerNormInt", "iqVar", "Cast", "Expand", "Tile", "topN",
        "topN2", "LogSoftmax", "Shape", "Packing", "GluInt",
        // Folded away by the packer before placement.
        "Constant",
    };

    private static readonly Dictionary<string, string> s_brokenOnChip = new(StringComparer.Ordinal)
    {
        ["iqSub"] = "iqSub uses the output buffer as minuend on venus (result depends on memory contents)",
        ["iqSum"] = "iqSum computes only the first row correctly on venus",
        ["iqDiv"] = "iqDiv is wrong on venus (tensor divisor only for int32, scalar sign dropped)",
        ["iqVar"] = "iqVar reduces the wrong axis on venus",
        ["Clip"] = "Clip/ReLU6 cannot be used on venus (fused clamp ignored, standalone Clip cannot be packed)",
    };

    /// <summary>Every problem of <paramref name="node"/> on venus (empty when it is fine).</summary>
    public static IEnumerable<string> Check(PlanNode node, PlanGraph g)
    {
        string op = node.OpType;
        string family = OpCosts.IsGru(op) ? OpTypes.GruInt : OpCosts.IsLstm(op) ? OpTypes.LstmInt : op;
        if (!s_supported.Contains(family)) yield return $"{op} is not supported by the venus packer";
        if (s_brokenOnChip.TryGetValue(op, out var broken)) yield return broken;
        if (op is OpTypes.Conv2dInt or OpTypes.Conv1dInt or OpTypes.MaxPool or OpTypes.AvgPool2dInt)
        {
            var kernel = node.Ints(AttributeNames.KernelShape)
                ?? (node.Inputs.Count > 1 && g.Values.TryGetValue(node.Inputs[1], out var w) ? w.Shape.Skip(2).Select(d => (long)d).ToArray() : []);
            var strides = node.Ints(AttributeNames.Strides) ?? [];
            var pads = node.Ints(AttributeNames.Pads) ?? [];
            var dilations = node.Ints(AttributeNames.Dilations) ?? [];
            foreach (long k in kernel) if (k is < 1 or > 5) { yield return $"kernel {Fmt(kernel)}: venus supports 1..5"; break; }
            foreach (long s in strides) if (s is not (1 or 2 or 4)) { yield return $"strides {Fmt(strides)}: venus supports 1, 2, 4"; break; }
            foreach (long p in pads) if (p is < 0 or > 4) { yield return $"pads {Fmt(pads)}: venus supports 0..4"; break; }
            foreach (long d in dilations) if (d != 1) { yield return $"dilations {Fmt(dilations)}: venus rejects dilated convolutions"; break; }
            for (int i = 0; i < Math.Min(kernel.Length, strides.Length); i++)
                if (kernel[i] < strides[i]) { yield return $"kernel {Fmt(kernel)} smaller than strides {Fmt(strides)}"; break; }
            for (int i = 0; i < pads.Length && kernel.Length > 0; i++)
                if (pads[i] > kernel[i % kernel.Length]) { yield return $"pads {Fmt(pads)} larger than kernel {Fmt(kernel)}"; break; }
        }
        if (op == OpTypes.IqAdd && node.Inputs.Count >= 2
            && g.Values.TryGetValue(node.Inputs[0], out var a) && g.Values.TryGetValue(node.Inputs[1], out var b)
            && !a.Shape.SequenceEqual(b.Shape))
            yield return $"iqAdd of [{Fmt(a.Shape)}] and [{Fmt(b.Shape)}]: venus adds identical shapes only (no broadcasting)";
    }

    private static string Fmt(IEnumerable<long> v) => string.Join(", ", v);

    private static string Fmt(IEnumerable<int> v) => string.Join(", ", v);
}
