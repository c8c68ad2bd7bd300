using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>The node of a <see cref="Nn.ShapeOp"/>: its own description, on the input's type and scale.</summary>
internal sealed class ShapeOpExport : ExportHandler<Nn.ShapeOp, PassThroughCall>
{
    protected override CapturedOp Build(ExportCapture capture, Nn.ShapeOp module, PassThroughCall call)
    {
        var d = module.Describe(call.Input, call.Output);
        var op = Node(capture, module, d.OpType, d.Domain, [new CapturedInput(call.Input, InputRule.Any)], [CapturedOutput.PassThrough(call.Output)], d.Constants);
        foreach (var (k, v) in d.Attributes) op.Attributes[k] = v;
        return op;
    }
}
