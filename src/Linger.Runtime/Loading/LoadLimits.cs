using Onnx;

namespace LingerNet.Runtime.Loading;

/// <summary>
/// Size limits checked on the parsed file before any shape inference: a small hostile file must not
/// make the loader compute with, or the runtime allocate for, shapes no real model has.
/// </summary>
internal static class LoadLimits
{
    /// <summary>Elements of one tensor: the runtime indexes tensors with int32, so 2^31 − 1.</summary>
    public const long MaxElements = int.MaxValue;

    /// <summary>Refuses a graph input whose fixed dimensions multiply to more than <see cref="MaxElements"/> (symbolic ones count as 1).</summary>
    public static void CheckGraphInputs(GraphProto graph)
    {
        foreach (var vi in graph.Input)
        {
            var dims = vi.Type?.TensorType?.Shape?.Dim;
            if (dims is null) continue;
            long n = 1;
            foreach (var d in dims)
            {
                if (d.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || d.DimValue <= 0) continue;
                if (d.DimValue > MaxElements || (n *= d.DimValue) > MaxElements)
                    throw new LingerException(
                        $"graph input '{vi.Name}': declared shape [{string.Join(", ", dims.Select(x => x.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? x.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?"))}] " +
                        $"has more than 2^31 − 1 elements, more than the runtime can hold.");
            }
        }
    }
}
