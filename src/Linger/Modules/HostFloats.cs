using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>A contiguous CPU float32 tensor's memory as a span (for the time loops' element-wise work in C#).</summary>
internal static class HostFloats
{
    /// <summary>The tensor's elements; it must be contiguous, float32 and on the CPU (libtorch's check throws otherwise).</summary>
    public static Span<float> Of(Tensor t)
    {
        if (t.dtype != ScalarType.Float32) throw new InvalidOperationException($"expected a float32 tensor, got {t.dtype}");
        return MemoryMarshal.Cast<byte, float>(t.bytes);
    }
}
