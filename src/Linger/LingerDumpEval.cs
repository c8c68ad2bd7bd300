using LingerNet.Export;
using static TorchSharp.torch;

namespace LingerNet;

public static partial class Linger
{
    /// <summary>
    /// Runs <paramref name="input"/> through the model in eval mode and writes every eval-side tensor
    /// (graph input, quantized input, each op's output as integers with its scale, the dequantized output)
    /// to <paramref name="folder"/> in thinker's dump text format, under the names the exported graph and
    /// the runtime give them — the same format as <c>linger verify --dump</c> and thinker's dumps, so that
    /// <c>linger diff</c> can compare them tensor by tensor. The model is not changed.
    /// </summary>
    /// <exception cref="LingerException">As <see cref="Export(nn.Module{Tensor, Tensor}, Tensor, string, ExportOptions?)"/>, or the folder cannot be written.</exception>
    public static void DumpEval(nn.Module<Tensor, Tensor> model, Tensor input, string folder, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var dump = new List<Runtime.RuntimeTensor>();
        OnnxExporter.Build(model, [input], xs => [model.call(xs[0])], options ?? new ExportOptions(), dump);
        Runtime.ThinkerDump.Write(dump, folder);
    }
}
