using LingerNet.Numerics.Dialect;

namespace LingerNet.Runtime;

/// <summary>Conversions between <see cref="TensorElementType"/> and ONNX element type codes.</summary>
internal static class TensorElementTypes
{
    /// <summary>The ONNX <c>TensorProto.DataType</c> code.</summary>
    public static int OnnxCode(this TensorElementType t) => t switch
    {
        TensorElementType.Float32 => OnnxDataTypes.Float,
        TensorElementType.Int8 => OnnxDataTypes.Int8,
        TensorElementType.Int16 => OnnxDataTypes.Int16,
        TensorElementType.Int32 => OnnxDataTypes.Int32,
        _ => OnnxDataTypes.Int64,
    };

    /// <summary>The element type of an ONNX code the runtime supports.</summary>
    public static TensorElementType FromOnnx(int code) => code switch
    {
        OnnxDataTypes.Float => TensorElementType.Float32,
        OnnxDataTypes.Int8 => TensorElementType.Int8,
        OnnxDataTypes.Int16 => TensorElementType.Int16,
        OnnxDataTypes.Int32 => TensorElementType.Int32,
        OnnxDataTypes.Int64 => TensorElementType.Int64,
        _ => throw new LingerException($"ONNX element type {code} is not supported (float32, int8, int16, int32, int64)."),
    };
}
