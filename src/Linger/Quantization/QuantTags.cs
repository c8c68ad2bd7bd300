using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Quantization;

/// <summary>
/// Per-tensor quantization metadata that travels beside the tensor object (TorchSharp tensors cannot
/// be subclassed, and a C# tensor object flows by reference from one module to the next). Entries die
/// with the tensor object; a module must never return its input object, or the tag would be shared.
/// </summary>
internal static class QuantTags
{
    private static readonly ConditionalWeakTable<Tensor, QuantInfo> s_tags = new();

    /// <summary>Attaches <paramref name="info"/> to <paramref name="tensor"/> and returns the tensor.</summary>
    public static Tensor Tag(Tensor tensor, QuantInfo info)
    {
        s_tags.AddOrUpdate(tensor, info);
        return tensor;
    }

    /// <summary>The metadata of a tensor produced by a quantized module, or null for a plain float tensor.</summary>
    public static QuantInfo? Get(Tensor tensor) => s_tags.TryGetValue(tensor, out var info) ? info : null;
}
