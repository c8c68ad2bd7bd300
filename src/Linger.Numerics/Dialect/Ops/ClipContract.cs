using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary>
/// Standard <c>Clip</c> as linger's ReLU6Int exports it (linger-spec §3.12): int8 x with constant int8 min
/// and max inputs at x's scale, same scale out. Not usable on venus (chip-facts "ReLU/ReLU6").
/// </summary>
internal static class ClipContract
{
    public static OpContract Contract { get; } = new()
    {
        OpType = OpTypes.Clip,
        Domain = ThinkerDialect.StandardDomain,
        Summary = "clamp(x, min, max) on int8 with int8 constant bounds at x's scale (ReLU6: min 0, max min(round(6·2^q_x), 127)); same scale.",
        Reference = "linger-spec §3.12; chip-facts ReLU/ReLU6",
        Inputs =
        [
            new("x", ElementTypeRule.Int8, "int8 at its producer's scale"),
            new("min", ElementTypeRule.Int8, "int8 scalar lower bound") { Constant = true, Optional = true },
            new("max", ElementTypeRule.Int8, "int8 scalar upper bound") { Constant = true, Optional = true },
        ],
        Outputs = [CommonPorts.PassThroughOut],
        InferShapes = v =>
        {
            for (int i = 1; i <= 2; i++)
                if (v.Shape(i) is { } s && s.Aggregate(1, (p, d) => p * d) != 1) throw v.Fail($"input {i} has shape [{ShapeRules.Format(s)}] but must be a scalar.");
            return ShapeRules.SameAsInput0(v);
        },
        VenusLimits =
        [
            new("not usable on venus: the packer drops a clamp fused after a conv and cannot pack a standalone Clip; use ReLU",
                _ => "Clip (ReLU6) is not usable on venus (the chip drops or cannot pack the clamp); use ReLU, or keep activations at a scale 2^q with q ≥ 5 where ReLU6 equals ReLU"),
        ],
    };
}
