namespace LingerNet.Numerics.Kernels;

/// <summary>Shape and argument checks shared by the kernels; every failure is a <see cref="LingerException"/> that names the op.</summary>
internal static class KernelGuard
{
    /// <summary>Throws unless a span holds exactly the number of elements the shape says.</summary>
    public static void Length(int actual, long expected, string what, string where)
    {
        if (actual != expected)
            throw new LingerException($"{where}: {what} has {actual} elements, expected {expected}.");
    }

    /// <summary>Throws unless a size is positive.</summary>
    public static void Positive(int value, string what, string where)
    {
        if (value <= 0)
            throw new LingerException($"{where}: {what} must be positive, got {value}.");
    }

    /// <summary>Throws unless a size is zero or positive.</summary>
    public static void NonNegative(int value, string what, string where)
    {
        if (value < 0)
            throw new LingerException($"{where}: {what} must not be negative, got {value}.");
    }

    /// <summary>
    /// The requantization shift q_in − q_out of a multiply-accumulate op; the chip refuses (or
    /// miscomputes) a negative one, so a negative shift is refused here.
    /// </summary>
    public static int RightShift(int qIn, int qOut, string where)
    {
        int s = qIn - qOut;
        if (s < 0)
            throw new LingerException(
                $"{where}: output exponent {qOut} is above {qIn} (shift {s} < 0). The venus chip cannot shift left " +
                $"here: choose an output scale with q_o ≤ {qIn}.");
        return s;
    }
}
