using LingerNet.Export;
using static TorchSharp.torch;

namespace LingerNet;

public static partial class Linger
{
    /// <summary>
    /// Exports a quantized model to ONNX in linger's thinker dialect (linger-spec §6): runs one eval
    /// forward on <paramref name="sampleInput"/> while every Linger module records its node and integer
    /// parameters, places <c>thinker::Quant</c>/<c>thinker::Dequant</c> at the float/integer boundaries,
    /// validates the graph, and writes it atomically (a failed export leaves no file behind and does
    /// not touch an existing one). The model is not modified: parameters stay float, and every
    /// module's train/eval mode is restored, so training can continue.
    /// </summary>
    /// <param name="model">A model after <see cref="Init{T}"/> and some training (the running statistics give the scales).</param>
    /// <param name="sampleInput">A float input; its shape becomes the graph input's shape.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="options">Names and output handling; defaults when null.</param>
    /// <exception cref="LingerException">
    /// The forward used an operation Linger cannot see (e.g. <c>x.view(...)</c>, <c>a + b</c>) between modules (the message names
    /// the module and what to use instead), a module has no statistics yet, the graph fails validation, or the file cannot be written.
    /// </exception>
    public static void Export(nn.Module<Tensor, Tensor> model, Tensor sampleInput, string path, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInput);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var proto = OnnxExporter.Build(model, sampleInput, options ?? new ExportOptions());
        OnnxExporter.WriteAtomically(proto, path);
    }

    /// <summary>
    /// Exports a model with several inputs or outputs: <paramref name="forward"/> runs the model on the float
    /// sample inputs (the graph inputs, in order) and returns the tensors to export as graph outputs, in order
    /// (any tensors a Linger module produced, not only the last one). Otherwise as
    /// <see cref="Export(nn.Module{Tensor, Tensor}, Tensor, string, ExportOptions?)"/>; names come from
    /// <see cref="ExportOptions.InputNames"/> and <see cref="ExportOptions.OutputNames"/>.
    /// <code>
    /// Linger.Export(model, [x, h0], xs => { var (y, h) = model.call(xs[0], xs[1]); return [y, h]; }, "m.onnx");
    /// </code>
    /// </summary>
    /// <exception cref="LingerException">As the single-input overload.</exception>
    public static void Export(nn.Module model, IReadOnlyList<Tensor> sampleInputs, Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor>> forward, string path, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleInputs);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var proto = OnnxExporter.Build(model, sampleInputs, forward, options ?? new ExportOptions());
        OnnxExporter.WriteAtomically(proto, path);
    }
}
