using System.Globalization;

namespace LingerNet.Runtime;

/// <summary>The check behind <see cref="RunOptions.RejectNonFinite"/>.</summary>
internal static class NonFiniteInputs
{
    /// <summary>Throws when a float32 input holds NaN or ±Infinity; other element types pass.</summary>
    public static void Check(string source, RuntimeTensor input, string inputName)
    {
        if (input.Data is not float[] values) return;
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i])) continue;
            int bad = values.Count(v => !float.IsFinite(v));
            throw new LingerException(
                $"{source}: input '{inputName}' element {i.ToString(CultureInfo.InvariantCulture)} is {values[i].ToString(CultureInfo.InvariantCulture)} " +
                $"({bad} non-finite value{(bad == 1 ? "" : "s")} in all); RunOptions.RejectNonFinite refuses NaN and ±Infinity.");
        }
    }
}
