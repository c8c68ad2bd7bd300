using static TorchSharp.torch;
using LingerNet.Numerics.Dialect;

namespace LingerNet.Export.Handlers;

/// <summary><c>thinker::Requant</c> (linger-spec §2.5, §6.3) of Linger.Nn.Requant.</summary>
internal sealed class RequantExport : ExportHandler<Nn.Requant, RequantCall>
{
    protected override CapturedOp Build(ExportCapture capture, Nn.Requant module, RequantCall c) => BuildNode(capture, module, c);

    /// <summary>The Requant node of a call; <paramref name="pathSuffix"/> names a Requant an op inserts in front of itself (iqSigmoid).</summary>
    public static CapturedOp BuildNode(ExportCapture capture, nn.Module module, RequantCall c, string pathSuffix = "")
    {
        var op = Node(capture, module, OpTypes.Requant, ThinkerDialect.Domain,
            [new CapturedInput(c.X, InputRule.Int8, c.ScaleX, c.InBits)],
            [CapturedOutput.Of(c.Output, OnnxDataTypes.IntOfBits(c.OutBits), c.ScaleO)]);
        if (pathSuffix.Length > 0) op = op.WithPath(op.ModulePath + pathSuffix);
        op.Attributes[AttributeNames.DataBits] = (long)c.InBits;
        op.Attributes[AttributeNames.ScaleX] = c.ScaleX.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = c.ScaleO.FloatValue;
        op.Attributes[AttributeNames.OBits] = (long)c.OutBits;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }
}
