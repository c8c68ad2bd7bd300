namespace LingerNet.Export;

/// <summary>Options of <see cref="LingerNet.Linger.Export"/>.</summary>
public sealed class ExportOptions
{
    /// <summary>Name of the graph input value (the float sample input). Default <c>"input"</c>.</summary>
    public string InputName { get; init; } = "input";

    /// <summary>Name of the graph output value. Default <c>"output"</c>.</summary>
    public string OutputName { get; init; } = "output";

    /// <summary>Name of the ONNX graph. Default <c>"linger"</c>.</summary>
    public string GraphName { get; init; } = "linger";

    /// <summary>
    /// Append a <c>thinker::Dequant</c> when the graph output is integer, so the graph output is float
    /// (linger's default, <c>is_input_quant=False</c>). False leaves the integer output as is. Default true.
    /// </summary>
    public bool DequantOutput { get; init; } = true;

    /// <summary>
    /// Version of the standard ONNX opset the file imports. Default 12, linger's dialect. Only the
    /// standard ops the dialect uses (Relu, MaxPool, Flatten, Reshape) depend on it, and their semantics
    /// are the same from 12 to 14; but ONNX's own schema accepts int8 Relu only from opset 14, so a tool
    /// that type-checks standard ops (<c>onnx.checker.check_model(m, full_check=True)</c>) needs 14 when
    /// the graph has a Relu. Allowed: 12, 13, 14.
    /// </summary>
    public int StandardOpset { get; init; } = 12;
}
