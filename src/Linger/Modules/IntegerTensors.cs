using LingerNet.Numerics;
using LingerNet.Platform;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Moves exact integers between tensors and plain arrays, so that eval paths can call the Numerics kernels
/// (the runtime's formulas) directly instead of re-deriving them in tensor ops.
/// </summary>
internal static class IntegerTensors
{
    /// <summary>The int8 values a tensor on the grid of <paramref name="scale"/> stands for.</summary>
    public static sbyte[] Int8(Tensor onGrid, Pow2Scale scale)
        => HostArrays.As<sbyte>(ActivationQuantizer.Integers(onGrid.detach(), scale).clamp_(-128, 127), ScalarType.Int8);

    /// <summary>Exact float64 integers (weights) as int16.</summary>
    public static short[] Int16(Tensor exactIntegers)
        => HostArrays.As<short>(exactIntegers, ScalarType.Int16);

    /// <summary>Exact float64 integers (biases) as int32.</summary>
    public static int[] Int32(Tensor exactIntegers)
        => HostArrays.As<int>(exactIntegers, ScalarType.Int32);

    /// <summary>A float32 tensor of shape <paramref name="shape"/> holding q / 2^n for the int8 values q, tagged with the scale.</summary>
    public static Tensor FromInt8(sbyte[] values, long[] shape, Pow2Scale scale)
    {
        var t = tensor(values, dtype: ScalarType.Int8).reshape(shape).to_type(ScalarType.Float32).div_(scale.Value);
        return QuantTags.Tag(t, new QuantInfo(scale, 8));
    }
}
