namespace LingerNet.Runtime;

/// <summary>Element types a tensor can have inside the runtime (the ONNX dtypes of linger-spec §6.2).</summary>
public enum TensorElementType
{
    /// <summary>float32: graph inputs/outputs, Dequant outputs, float outputs of Conv/Linear without o_bits.</summary>
    Float32,
    /// <summary>int8: activations and weights.</summary>
    Int8,
    /// <summary>int16.</summary>
    Int16,
    /// <summary>int32: biases.</summary>
    Int32,
    /// <summary>int64: shapes.</summary>
    Int64,
}
