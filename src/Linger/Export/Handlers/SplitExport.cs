using LingerNet.Numerics.Dialect;

namespace LingerNet.Export.Handlers;

/// <summary>A standard Split (opset 12: <c>split</c> attribute) with one output per part, each on the input's type and scale.</summary>
internal sealed class SplitExport : ExportHandler<Nn.Split, SplitCall>
{
    protected override CapturedOp Build(ExportCapture capture, Nn.Split module, SplitCall call)
    {
        long rank = call.Input.dim();
        long axis = module.Dim < 0 ? module.Dim + rank : module.Dim;
        var op = Node(capture, module, OpTypes.Split, ThinkerDialect.StandardDomain, [new CapturedInput(call.Input, InputRule.Any)],
            call.Parts.Select(CapturedOutput.PassThrough).ToList());
        op.Attributes[AttributeNames.Axis] = axis;
        op.Attributes["split"] = call.Parts.Select(p => p.shape[axis]).ToArray();
        return op;
    }
}
