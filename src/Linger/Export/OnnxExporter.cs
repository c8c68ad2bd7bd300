using System.Reflection;
using Google.Protobuf;
using LingerNet.Numerics.Dialect;
using Onnx;
using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>
/// The export pipeline behind <see cref="LingerNet.Linger.Export(nn.Module{Tensor, Tensor}, Tensor, string, ExportOptions?)"/>: one eval forward under an
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

    /// <summary>Builds and validates the ONNX model of a one-input, one-output model.</summary>
    public static ModelProto Build(nn.Module<Tensor, Tensor> model, Tensor sample, ExportOptions options)
        => Build(model, [sample], xs => [model.call(xs[0])], options);

    /// <summary>
    /// Builds the ONNX model of <paramref name="forward"/> run on <paramref name="samples"/> (the float graph
    /// inputs, in order) and validates it by loading it into the Linger runtime for the export's target,
    /// so a file the runtime (and, for venus, the chip) would refuse is never written.
    /// </summary>
    public static ModelProto Build(nn.Module model, IReadOnlyList<Tensor> samples, Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor>> forward, ExportOptions options)
        => Build(model, samples, forward, options, null);

    /// <summary>As <see cref="Build(nn.Module, IReadOnlyList{Tensor}, Func{IReadOnlyList{Tensor}, IReadOnlyList{Tensor}}, ExportOptions)"/>; when <paramref name="evalDump"/> is given, it receives every eval-side tensor under the name the runtime gives it.</summary>
    public static ModelProto Build(nn.Module model, IReadOnlyList<Tensor> samples, Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor>> forward, ExportOptions options,
        List<LingerNet.Runtime.RuntimeTensor>? evalDump)
    {
        if (samples.Count == 0) throw new LingerException("Linger.Export: give at least one sample input.");
        foreach (var (sample, i) in samples.Select((t, i) => (t, i)))
            if (sample.dtype is not (ScalarType.Float32 or ScalarType.Int64))
                throw new LingerException($"Linger.Export: sample input {i} must be float32 (data) or int64 (Embedding indices), got {sample.dtype}.");
        if (options.StandardOpset < ThinkerDialect.OpsetVersion || options.StandardOpset > 14)
            throw new LingerException($"Linger.Export: ExportOptions.StandardOpset = {options.StandardOpset}; allowed are 12 (linger's dialect), 13 and 14.");
        var paths = new Dictionary<nn.Module, string>(ReferenceEqualityComparer.Instance) { [model] = "" };
        foreach (var (name, m) in model.named_modules()) paths.TryAdd(m, name);
        var modes = paths.Select(p => (p.Key, p.Key.training)).ToList();

        var capture = new ExportCapture(paths, options) { KeepValues = evalDump is not null };
        GraphProto graph;
        try
        {
            model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var recorder = new ExportRecorder(model, paths);
            IReadOnlyList<Tensor> outputs;
            using (ExportCapture.Begin(capture))
            {
                try
                {
                    outputs = forward(samples);
                }
                catch (Exception e) when (e is not LingerException)
                {
                    throw new LingerException(
                        $"Linger.Export: the sample input{(samples.Count > 1 ? "s" : "")} (shape{(samples.Count > 1 ? "s" : "")} " +
                        $"{string.Join(", ", samples.Select(x => "[" + string.Join(", ", x.shape) + "]"))}) do{(samples.Count > 1 ? "" : "es")} not run through " +
                        $"{model.GetType().Name} in eval mode: {e.GetType().Name}: {e.Message.Split('\n')[0]}", e);
                }
            }
            var builder = new OnnxGraphBuilder(options);
            graph = builder.Build(samples, capture.Ops, outputs, recorder.DescribeProducer);
            if (evalDump is not null) EvalDump.Collect(graph, samples, builder.Values, evalDump);
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
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = ThinkerDialect.StandardDomain, Version = options.StandardOpset });
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = ThinkerDialect.Domain, Version = ThinkerDialect.DomainVersion });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = ThinkerDialect.TargetMetadataKey, Value = ThinkerDialect.TargetName(options.Target) });
        Validate(proto, options);
        return proto;
    }

    /// <summary>
    /// Loads the graph into the runtime for the export's target: the one check every file gets (contracts,
    /// types, scales, shapes, venus rules). A failure names the node, which is named after the module.
    /// </summary>
    private static void Validate(ModelProto proto, ExportOptions options)
    {
        try
        {
            using var rt = LingerNet.Runtime.LingerRuntime.Load(proto.ToByteArray(), "export", new LingerNet.Runtime.LoadOptions { Target = options.Target });
        }
        catch (LingerException e)
        {
            string detail = e.Message.StartsWith("export: ", StringComparison.Ordinal) ? e.Message["export: ".Length..] : e.Message;
            string hint = options.Target == ChipTarget.Venus
                ? " Nodes are named after modules: change that module, or export with ExportOptions { Target = ChipTarget.Generic } for linger's intended semantics on another target."
                : "";
            throw new LingerException($"Linger.Export: the exported graph is not valid for {ThinkerDialect.TargetName(options.Target)}, nothing was written: {detail}{hint}", e);
        }
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
