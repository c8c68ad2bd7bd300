using LingerNet.Numerics.Dialect;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>Copies exact integers and floats out of tensors into initializers at record time.</summary>
internal static class CapturedInitializers
{
    /// <summary>An integer initializer of <paramref name="bits"/> bits from a tensor of exact integers (any dtype).</summary>
    public static CapturedInitializer Int(string suffix, Tensor exactIntegers, int bits)
    {
        var values = Platform.HostArrays.Doubles(exactIntegers);
        int type = OnnxDataTypes.IntOfBits(bits);
        Array data = type switch
        {
            OnnxDataTypes.Int8 => values.Select(v => checked((sbyte)v)).ToArray(),
            OnnxDataTypes.Int16 => values.Select(v => checked((short)v)).ToArray(),
            _ => values.Select(v => checked((int)v)).ToArray(),
        };
        return new CapturedInitializer(suffix, type, exactIntegers.shape, data);
    }

    /// <summary>A float32 initializer.</summary>
    public static CapturedInitializer Float(string suffix, Tensor t)
        => new(suffix, OnnxDataTypes.Float, t.shape, Platform.HostArrays.Floats(t));

    /// <summary>A 1-D int64 initializer (shapes, pads).</summary>
    public static CapturedInitializer Int64(string suffix, long[] values) => new(suffix, OnnxDataTypes.Int64, [values.LongLength], values);
}
