using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>
/// A standard op on the input's type and scale (Relu, MaxPool, Flatten/Reshape), or no node at all
/// (Dropout's identity, a BatchNorm folded into its conv): <c>OpType</c> null passes the value through.
/// </summary>
internal sealed class PassThroughExport<TModule>(Func<TModule, PassThroughCall, (string? OpType, Dictionary<string, object> Attributes, List<CapturedInitializer> Constants)> describe)
    : ExportHandler<TModule, PassThroughCall> where TModule : nn.Module
{
    protected override CapturedOp Build(ExportCapture capture, TModule module, PassThroughCall call)
    {
        var (opType, attributes, constants) = describe(module, call);
        var op = Node(capture, module, opType, ThinkerDialect.StandardDomain,
            [new CapturedInput(call.Input, InputRule.Any)], [CapturedOutput.PassThrough(call.Output)], constants);
        foreach (var (k, v) in attributes) op.Attributes[k] = v;
        return op;
    }
}
