using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Platform;

/// <summary>
/// Copies a tensor's values into a managed array, the one way this library reads tensors back to the host.
/// TorchSharp 0.107's <c>data&lt;T&gt;().ToArray()</c> throws <see cref="ArgumentOutOfRangeException"/>
/// ("startingIndex") for a tensor of rank ≥ 2 with no elements, which eval paths legitimately produce (an empty
/// slice, a zero-length split): such a tensor reads as an empty array here. Views (offsets, strides) are read
/// through <c>contiguous()</c>, which copies only when the layout needs it.
/// </summary>
internal static class HostArrays
{
    /// <summary>The values of <paramref name="t"/> (of element type <typeparamref name="T"/>) in row-major order.</summary>
    public static T[] Of<T>(Tensor t) where T : unmanaged
        => t.numel() == 0 ? [] : t.contiguous().data<T>().ToArray();

    /// <summary>The values of <paramref name="t"/> (any dtype, no gradient) converted to <paramref name="type"/>, row-major.</summary>
    public static T[] As<T>(Tensor t, ScalarType type) where T : unmanaged
        => Of<T>(t.detach().to_type(type));

    /// <summary>The values as float32, row-major.</summary>
    public static float[] Floats(Tensor t) => As<float>(t, ScalarType.Float32);

    /// <summary>The values as float64, row-major.</summary>
    public static double[] Doubles(Tensor t) => As<double>(t, ScalarType.Float64);
}
