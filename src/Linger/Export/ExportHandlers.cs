using LingerNet.Constraint;
using LingerNet.Export.Handlers;
using LingerNet.Modules;
using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>
/// Which handler exports which module type: one line per op. Adding an op to the exporter means writing
/// its handler (a file under <c>Export/Handlers</c>) and adding its line here.
/// </summary>
internal static class ExportHandlers
{
    private static readonly Dictionary<Type, IExportHandler> s_handlers = new()
    {
        [typeof(Conv2dInt)] = new Conv2dIntExport(),
        [typeof(LinearInt)] = new LinearIntExport(),
        [typeof(BatchNorm2dInt)] = new BatchNorm2dIntExport(),
        [typeof(AvgPool2dInt)] = new AvgPool2dIntExport(),
        [typeof(Nn.Add)] = new IqAddExport(),
        [typeof(Nn.Cat)] = new IqCatExport(),
        [typeof(GRUInt)] = new RecurrentIntExport<GRUInt>(),
        [typeof(LSTMInt)] = new RecurrentIntExport<LSTMInt>(),
        [typeof(Nn.Softmax)] = new SoftmaxIntExport<Nn.Softmax>(OpTypes.SoftmaxInt),
        [typeof(Nn.LogSoftmax)] = new SoftmaxIntExport<Nn.LogSoftmax>(OpTypes.LogSoftmaxInt),
        [typeof(IqRelu)] = new PassThroughExport<IqRelu>((_, _) => (OpTypes.Relu, new(), [])),
        [typeof(IqMaxPool2d)] = new PassThroughExport<IqMaxPool2d>((m, _) => (OpTypes.MaxPool, m.NodeAttributes().Where(kv => kv.Key != AttributeNames.CeilMode).ToDictionary(), [])),
        [typeof(IqFlatten)] = new PassThroughExport<IqFlatten>(Flatten),
        [typeof(IqIdentity)] = new PassThroughExport<IqIdentity>((_, _) => (null, new(), [])),
        [typeof(FoldedBatchNorm)] = new PassThroughExport<FoldedBatchNorm>((_, _) => (null, new(), [])), // folded into the preceding Conv2dInt
    };

    /// <summary>The op types the exporter writes for Linger modules (for the op table).</summary>
    public static IReadOnlyCollection<Type> ModuleTypes => s_handlers.Keys;

    /// <summary>The handler of <paramref name="module"/>'s type.</summary>
    /// <exception cref="LingerException">The type has no handler (an op without an ONNX form yet).</exception>
    public static IExportHandler For(nn.Module module, string path)
        => s_handlers.TryGetValue(module.GetType(), out var h) ? h
           : throw new LingerException($"Linger.Export: module '{path}' ({module.GetType().Name}) has no ONNX form yet.");

    /// <summary>ONNX Flatten(axis = 1) is torch's flatten(1, −1); any other range becomes a Reshape to the output shape.</summary>
    private static (string?, Dictionary<string, object>, List<CapturedInitializer>) Flatten(IqFlatten f, PassThroughCall call)
    {
        long rank = call.Input.dim();
        long start = f.StartDim < 0 ? f.StartDim + rank : f.StartDim;
        long end = f.EndDim < 0 ? f.EndDim + rank : f.EndDim;
        if (start == 1 && end == rank - 1) return (OpTypes.Flatten, new() { [AttributeNames.Axis] = 1L }, []);
        return (OpTypes.Reshape, new(), [CapturedInitializers.Int64("shape", call.Output.shape.ToArray())]);
    }
}
