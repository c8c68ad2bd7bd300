using Google.Protobuf;
using LingerNet.Numerics.Dialect;
using Onnx;

namespace LingerNet.Runtime.Loading;

/// <summary>Parses ONNX bytes and converts <c>TensorProto</c>s, turning every failure into a <see cref="LingerException"/>.</summary>
internal static class OnnxReader
{
    public static ModelProto Parse(byte[] bytes, string source)
    {
        if (bytes.Length == 0) throw new LingerException($"{source}: the file is empty, not an ONNX model.");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw new LingerException($"{source}: not a valid ONNX model (protobuf parse failed: {e.Message}).", e);
        }
        if (model.Graph is null || (model.Graph.Node.Count == 0 && model.Graph.Output.Count == 0))
            throw new LingerException($"{source}: not an ONNX model (no graph or an empty graph).");
        LoadLimits.CheckGraphInputs(model.Graph);
        return model;
    }

    public static TensorElementType ElementType(int onnxType, string where) => onnxType switch
    {
        OnnxDataTypes.Float => TensorElementType.Float32,
        OnnxDataTypes.Int8 => TensorElementType.Int8,
        OnnxDataTypes.Int16 => TensorElementType.Int16,
        OnnxDataTypes.Int32 => TensorElementType.Int32,
        OnnxDataTypes.Int64 => TensorElementType.Int64,
        _ => throw new LingerException($"{where}: ONNX element type {onnxType} ({(TensorProto.Types.DataType)onnxType}) is not supported (float32, int8, int16, int32, int64)."),
    };

    /// <summary>Converts an initializer or Constant value.</summary>
    public static RuntimeTensor ToTensor(TensorProto t, string where)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new LingerException($"{where}: tensor '{t.Name}' uses external data, which is not supported.");
        int[] shape = new int[t.Dims.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            long d = t.Dims[i];
            if (d < 0 || d > int.MaxValue) throw new LingerException($"{where}: tensor '{t.Name}' has an invalid dimension {d}.");
            shape[i] = (int)d;
        }
        long count = RuntimeTensor.ElementCount(shape, $"{where}: tensor '{t.Name}'");
        var type = ElementType(t.DataType, $"{where}: tensor '{t.Name}'");
        byte[] raw = t.RawData.ToByteArray();
        bool useRaw = raw.Length > 0;
        Array data;
        int elementSize = type switch
        {
            TensorElementType.Int8 => 1,
            TensorElementType.Int16 => 2,
            TensorElementType.Int32 or TensorElementType.Float32 => 4,
            _ => 8,
        };
        if (useRaw && raw.Length != count * elementSize)
            throw new LingerException($"{where}: tensor '{t.Name}' has {raw.Length} raw bytes but shape [{RuntimeTensor.FormatShape(shape)}] of {type} needs {count * elementSize}.");
        // The values must be in the file before anything is allocated: a small file that declares a 2 GB
        // tensor is refused here, so memory stays bounded by the file's size.
        if (!useRaw)
            CheckCount(type switch
            {
                TensorElementType.Float32 => t.FloatData.Count,
                TensorElementType.Int64 => t.Int64Data.Count,
                _ => t.Int32Data.Count,
            }, (int)count, t, where);
        int n = (int)count;
        switch (type)
        {
            case TensorElementType.Float32:
                var f = new float[n];
                if (useRaw) Buffer.BlockCopy(raw, 0, f, 0, raw.Length);
                else { CheckCount(t.FloatData.Count, n, t, where); t.FloatData.CopyTo(f, 0); }
                data = f; break;
            case TensorElementType.Int8:
                var b = new sbyte[n];
                if (useRaw) Buffer.BlockCopy(raw, 0, b, 0, raw.Length);
                else { CheckCount(t.Int32Data.Count, n, t, where); for (int i = 0; i < n; i++) b[i] = (sbyte)InRange(t.Int32Data[i], sbyte.MinValue, sbyte.MaxValue, i, type, t, where); }
                data = b; break;
            case TensorElementType.Int16:
                var s = new short[n];
                if (useRaw) Buffer.BlockCopy(raw, 0, s, 0, raw.Length);
                else { CheckCount(t.Int32Data.Count, n, t, where); for (int i = 0; i < n; i++) s[i] = (short)InRange(t.Int32Data[i], short.MinValue, short.MaxValue, i, type, t, where); }
                data = s; break;
            case TensorElementType.Int32:
                var i32 = new int[n];
                if (useRaw) Buffer.BlockCopy(raw, 0, i32, 0, raw.Length);
                else { CheckCount(t.Int32Data.Count, n, t, where); t.Int32Data.CopyTo(i32, 0); }
                data = i32; break;
            default:
                var i64 = new long[n];
                if (useRaw) Buffer.BlockCopy(raw, 0, i64, 0, raw.Length);
                else { CheckCount(t.Int64Data.Count, n, t, where); t.Int64Data.CopyTo(i64, 0); }
                data = i64; break;
        }
        if (!BitConverter.IsLittleEndian && useRaw)
            throw new LingerException($"{where}: big-endian hosts are not supported.");
        return new RuntimeTensor(t.Name, shape, data);
    }

    private static int InRange(int value, int min, int max, int index, TensorElementType type, TensorProto t, string where) =>
        value >= min && value <= max ? value
            : throw new LingerException($"{where}: tensor '{t.Name}' value {index} = {value} does not fit {type}.");

    private static void CheckCount(int have, int need, TensorProto t, string where)
    {
        if (have != need)
            throw new LingerException($"{where}: tensor '{t.Name}' holds {have} values but its shape needs {need}.");
    }
}
