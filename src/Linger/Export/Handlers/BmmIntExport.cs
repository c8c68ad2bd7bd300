using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>
/// <c>thinker::BmmInt(x:int8, y:int8)</c> (linger-spec §6.3) for Linger.Nn.Bmm and Linger.Nn.MatMul. The chip's
/// BmmInt multiplies [M, K]·[K, N] or [B, M, K]·[B, K, N]; any other product is refused, naming the module.
/// </summary>
internal sealed class BmmIntExport<TModule> : ExportHandler<TModule, BmmCall> where TModule : nn.Module
{
    protected override CapturedOp Build(ExportCapture capture, TModule module, BmmCall c)
    {
        long[] xs = c.X.shape, ys = c.Y.shape;
        bool fits = (xs.Length, ys.Length) switch
        {
            (2, 2) => true,
            (3, 3) => xs[0] == ys[0],
            _ => false,
        };
        if (!fits)
            throw new LingerException(
                $"Linger.Export: module '{capture.PathOf(module)}' ({module.GetType().Name}) multiplies [{string.Join(", ", xs)}] by [{string.Join(", ", ys)}]; " +
                "the chip's BmmInt takes [M, K]·[K, N] or [B, M, K]·[B, K, N] with the same B. Reshape the operands to one of those (no broadcast batches).");
        var op = Node(capture, module, OpTypes.BmmInt, ThinkerDialect.Domain,
            [new CapturedInput(c.X, InputRule.Int8, c.ScaleX), new CapturedInput(c.Y, InputRule.Int8, c.ScaleY)],
            [CapturedOutput.Of(c.Output, OnnxDataTypes.Int8, c.ScaleO)]);
        op.Attributes[AttributeNames.ScaleX] = c.ScaleX.FloatValue;
        op.Attributes[AttributeNames.ScaleY] = c.ScaleY.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = c.ScaleO.FloatValue;
        op.Attributes[AttributeNames.DataBits] = 8L;
        op.Attributes[AttributeNames.OBits] = 8L;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }
}
