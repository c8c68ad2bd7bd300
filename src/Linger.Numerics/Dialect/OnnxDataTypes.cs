namespace LingerNet.Numerics.Dialect;

/// <summary>
/// The ONNX <c>TensorProto.DataType</c> codes the dialect uses (linger-spec §6.2), so that code without
/// an ONNX dependency can name them: int8 weights, int32 biases, int64 shapes, float32 graph I/O.
/// </summary>
public static class OnnxDataTypes
{
    /// <summary>FLOAT (float32) = 1: graph inputs/outputs, BatchNorm running mean/var.</summary>
    public const int Float = 1;
    /// <summary>INT8 = 3: activations, Conv/Linear weights, BatchNorm alpha.</summary>
    public const int Int8 = 3;
    /// <summary>INT16 = 5: 16-bit activations (sigmoid/tanh input), LayerNorm weight.</summary>
    public const int Int16 = 5;
    /// <summary>INT32 = 6: biases (at scale q_x + q_w), 32-bit outputs.</summary>
    public const int Int32 = 6;
    /// <summary>INT64 = 7: Reshape shapes, Slice parameters, lengths.</summary>
    public const int Int64 = 7;

    /// <summary>The ONNX integer type holding <paramref name="bits"/>-bit values: int8 (≤ 8), int16 (≤ 16), int32.</summary>
    public static int IntOfBits(int bits) => bits switch
    {
        <= 8 => Int8,
        <= 16 => Int16,
        _ => Int32,
    };

    /// <summary>A readable name: float32, int8, int16, int32, int64.</summary>
    public static string Name(int type) => type switch
    {
        Float => "float32",
        Int8 => "int8",
        Int16 => "int16",
        Int32 => "int32",
        Int64 => "int64",
        _ => $"type {type}",
    };
}
