using System.Reflection;
using Google.Protobuf;
using LingerNet.Numerics.Dialect;
using Onnx;
using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>
/// The export pipeline behind <see cref="LingerNet.Linger.Export"/>: one eval forward under an
/// <see cref="ExportCapture"/>, graph building, validation, then an atomic write. The model's
/// parameters are only read (integers are computed into new tensors), and every module's
/// train/eval mode is restored afterwards.
/// </summary>
internal static class OnnxExporter
{
    /// <summary><c>producer_name</c> of exported models.</summary>
    public const string ProducerName = "Linger.NET";

    /// <summary>ONNX IR version matching opset 12.</summary>
    public const long IrVersion = 7;

    /// <summary>Builds and validates the ONNX model of <paramref name="model"/> for <paramref name="sample"/>.</summary>
    public static ModelProto Build(nn.Module<Tensor, Tensor> model, Tensor sample, ExportOptions options)
    {
        if (sample.dtype != ScalarType.Float32)
            throw new LingerException($"Linger.Export: the sample input must be float32 (the graph input is float), got {sample.dtype}.");
        var paths = new Dictionary<nn.Module, string>(ReferenceEqualityComparer.Instance) { [model] = "" };
        foreach (var (name, m) in model.named_modules()) paths.TryAdd(m, name);
        var modes = paths.OrderBy(p => p.Value.Length == 0 ? -1 : p.Value.Count(c => c == '.')).Select(p => (p.Key, p.Key.training)).ToList();

        var capture = new ExportCapture(paths);
        GraphProto graph;
        try
        {
            model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor output;
            using (ExportCapture.Begin(capture))
                output = model.call(sample);
            graph = new OnnxGraphBuilder(options).Build(sample, sample.shape, capture.Ops, output);
        }
        finally
        {
            foreach (var (m, training) in modes) m.train(training);
        }

        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion(),
            Graph = graph,
        };
        if (options.StandardOpset < ThinkerDialect.OpsetVersion || options.StandardOpset > 14)
            throw new LingerException($"Linger.Export: ExportOptions.StandardOpset = {options.StandardOpset}; allowed are 12 (linger's dialect), 13 and 14.");
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = ThinkerDialect.StandardDomain, Version = options.StandardOpset });
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = ThinkerDialect.Domain, Version = ThinkerDialect.DomainVersion });
        DialectValidator.Validate(proto, options.StandardOpset);
        return proto;
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> through a temporary file in the same folder, then a move.</summary>
    public static void WriteAtomically(ModelProto model, string path)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(dir))
            throw new LingerException($"Linger.Export: the folder '{dir}' of '{path}' does not exist.");
        string tmp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                model.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(tmp);
            throw new LingerException($"Linger.Export: cannot write '{path}': {e.Message}", e);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    private static void TryDelete(string file)
    {
        try { if (File.Exists(file)) File.Delete(file); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string ProducerVersion()
        => typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
           ?? typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
