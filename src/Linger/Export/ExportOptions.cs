using LingerNet.Numerics.Dialect;

namespace LingerNet.Export;

/// <summary>Options of <c>Linger.Export</c>.</summary>
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

    /// <summary>
    /// The chip the file is for. <see cref="ChipTarget.Venus"/> (default) refuses, with the module's path and
    /// what to change, every node the venus chip refuses or computes wrongly (docs/ops.md lists the rules);
    /// <see cref="ChipTarget.Generic"/> writes linger's intended semantics for any target. The file records the
    /// target (metadata <c>linger.target</c>) and the runtime checks it against the same rules.
    /// </summary>
    public ChipTarget Target { get; init; } = ChipTarget.Venus;

    /// <summary>Names of the graph inputs of a multi-input export, in order; input i without a name here is <see cref="InputName"/> + "_" + i (input 0: <see cref="InputName"/>).</summary>
    public IReadOnlyList<string>? InputNames { get; init; }

    /// <summary>Names of the graph outputs of a multi-output export, in order; like <see cref="InputNames"/>.</summary>
    public IReadOnlyList<string>? OutputNames { get; init; }

    /// <summary>
    /// Write dimension 0 of every graph input, output and value_info as the symbolic <c>dim_param "N"</c>
    /// instead of the sample's batch size, so the runtime accepts any batch (it re-plans per input shape).
    /// Only for models whose dimension 0 is the batch everywhere (images, [N, C, L] audio); off by default.
    /// </summary>
    public bool DynamicBatch { get; init; }

    internal string InputNameAt(int i) => InputNames is { } n && i < n.Count ? n[i] : i == 0 ? InputName : InputName + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal string OutputNameAt(int i) => OutputNames is { } n && i < n.Count ? n[i] : i == 0 ? OutputName : OutputName + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
