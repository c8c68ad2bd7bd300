using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>Turns one recorded module call into its ONNX node (Brevitas style: one handler per op, looked up by module type).</summary>
internal interface IExportHandler
{
    /// <summary>The node of <paramref name="module"/>'s call.</summary>
    CapturedOp Capture(ExportCapture capture, nn.Module module, object call);
}

/// <summary>A typed handler: <typeparamref name="TModule"/> reports calls as <typeparamref name="TCall"/>.</summary>
internal abstract class ExportHandler<TModule, TCall> : IExportHandler where TModule : nn.Module
{
    /// <inheritdoc />
    public CapturedOp Capture(ExportCapture capture, nn.Module module, object call) => Build(capture, (TModule)module, (TCall)call);

    /// <summary>Builds the node.</summary>
    protected abstract CapturedOp Build(ExportCapture capture, TModule module, TCall call);

    /// <summary>A node of <paramref name="module"/> with the module's path and type filled in.</summary>
    protected static CapturedOp Node(ExportCapture capture, nn.Module module, string? opType, string domain,
        IReadOnlyList<CapturedInput?> inputs, IReadOnlyList<CapturedOutput> outputs, IReadOnlyList<CapturedInitializer>? initializers = null)
        => new()
        {
            ModulePath = capture.PathOf(module),
            ModuleType = module.GetType().Name,
            OpType = opType,
            Domain = domain,
            Inputs = inputs,
            Outputs = outputs,
            Initializers = initializers ?? [],
        };

    /// <summary>ONNX pads [top, left, bottom, right] from symmetric (h, w) padding.</summary>
    protected static long[] Pads2d(long[] padding) => [padding[0], padding[1], padding[0], padding[1]];
}
