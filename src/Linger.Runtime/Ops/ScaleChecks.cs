using LingerNet.Numerics;
using LingerNet.Runtime.Loading;

namespace LingerNet.Runtime.Ops;

/// <summary>Scale consistency checks shared by the integer ops.</summary>
internal static class ScaleChecks
{
    /// <summary>An int8 input whose producer's scale is known must be at the scale the consumer's attribute states.</summary>
    public static void InputAt(string where, string inputName, string attribute, ValueMeta input, Pow2Scale expected)
    {
        if (input.ScaleExponent is { } q && q != expected.Exponent)
            throw new LingerException(
                $"{where}: input '{inputName}' is produced at scale 2^{q} but attribute '{attribute}' says {expected} ({expected.Value}).");
    }

    /// <summary>Reads the optional output scale: int8 output iff scale_o is present; o_bits, if present, must be 8.</summary>
    public static Pow2Scale? OptionalOutput(NodeAttributes a) => OptionalOutput(a, 8);

    /// <summary>Reads the optional output scale: integer output iff scale_o is present; o_bits, if present, must be one of <paramref name="bits"/>.</summary>
    public static Pow2Scale? OptionalOutput(NodeAttributes a, params int[] bits)
    {
        a.CheckBits(Numerics.Dialect.AttributeNames.OBits, bits);
        var so = a.TryGetScale(Numerics.Dialect.AttributeNames.ScaleO);
        if (so is null && a.Has(Numerics.Dialect.AttributeNames.OBits))
            throw new LingerException($"{a.Where}: attribute 'o_bits' is present but 'scale_o' is missing.");
        return so;
    }

    /// <summary>The requantization shift q_x + q_w − q_o; negative shifts are a chip defect and refused.</summary>
    public static int Shift(string where, Pow2Scale sx, Pow2Scale sw, Pow2Scale so)
    {
        int s = sx.Exponent + sw.Exponent - so.Exponent;
        if (s < 0)
            throw new LingerException(
                $"{where}: output scale {so} is finer than scale_x·scale_w = 2^{sx.Exponent + sw.Exponent} (shift {s} < 0): " +
                "the chip cannot shift left here (it silently computes SAT8(acc) or fails). Re-export with scale_o ≤ scale_x·scale_w.");
        return s;
    }
}
