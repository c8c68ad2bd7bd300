using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary><c>thinker::SoftmaxInt</c> and <c>thinker::LogSoftmaxInt</c> (linger-spec §3.14, §3.15, §6.3).</summary>
internal static class SoftmaxIntContract
{
    public static OpContract Softmax { get; } = Make(OpTypes.SoftmaxInt,
        "Along dim: x25 = SAT32(x·2^(25 − q_x)), the vec_softmax32x32 emulation (Q25 in, Q15 out, VenusSoftmax), y = SAT8(RSH(p, 15 − q_o)). Follows linger (no chip measurement).",
        "linger-spec §3.14, §6.3; thinker-spec §2.3 SoftmaxInt; docs/numerics-kernels.md VenusSoftmax", 15);

    public static OpContract LogSoftmax { get; } = Make(OpTypes.LogSoftmaxInt,
        "Along dim: x25 = SAT32(x·2^(25 − q_x)), y25 = clamp(floor(2^25·log_softmax + 0.5), −2^31, 0), y = SAT8(RSH(y25, 25 − q_o)). Follows linger's formula; not chip-verified.",
        "linger-spec §3.15, §6.3; docs/numerics-kernels.md LogSoftmaxInt", 25);

    private static OpContract Make(string opType, string summary, string reference, int maxOutputExponent) => new()
    {
        OpType = opType,
        Summary = summary,
        Reference = reference,
        Inputs = [CommonPorts.DataX],
        Outputs = [CommonPorts.Int8Out],
        Attributes =
        [
            AttributeContract.Req(AttributeNames.ScaleX, AttributeKind.Float, "input scale 2^q_x, q_x in [−5, 25]"),
            AttributeContract.Opt(AttributeNames.DataBits, AttributeKind.Int, "input bits (8)"),
            AttributeContract.Req(AttributeNames.Dim, AttributeKind.Int, "the axis the rows run along (negative counts from the end)"),
            AttributeContract.Req(AttributeNames.ScaleO, AttributeKind.Float, $"output scale 2^q_o, q_o ≤ {maxOutputExponent}"),
            AttributeContract.Opt(AttributeNames.OBits, AttributeKind.Int, "output bits: 8 (a float output is not supported)"),
            AttributeContract.Opt(AttributeNames.PlatformQuant, AttributeKind.String, "\"luna_quant\""),
        ],
        InferShapes = v =>
        {
            var x = v.RequireShape(0);
            long dim = v.Attributes.Int(AttributeNames.Dim);
            if (dim < -x.Length || dim >= x.Length) throw v.Fail($"dim {dim} is out of range for an input of rank {x.Length}.");
            if (x.Length > 0 && x[(int)(dim < 0 ? dim + x.Length : dim)] == 0) throw v.Fail("the softmax axis is empty.");
            var qx = v.Attributes.Scale(AttributeNames.ScaleX).Exponent;
            if (qx is < -5 or > 25) throw v.Fail($"scale_x 2^{qx} is outside 2^−5 .. 2^25 (the input is scaled to Q25 by the int32 multiplier 1 << (25 − q_x)).");
            var qo = v.Attributes.Scale(AttributeNames.ScaleO).Exponent;
            if (qo > maxOutputExponent) throw v.Fail($"scale_o 2^{qo} is finer than the core's output (Q{maxOutputExponent}).");
            return [x];
        },
        VenusLimits = [VenusLimitTable.Int8Data, CommonPorts.Int8Output],
    };
}
