using LingerNet.Nn;
using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>
/// The thinker iq tensor ops of the Linger.Nn modules: iqMul, iqSub, iqDiv, iqMax (<see cref="BinaryCall"/>),
/// iqMul / iqAdd with an int8 constant (MulScalar, AddScalar), iqClamp, iqSum, iqVar (<see cref="UnaryCall"/>).
/// Attribute names and values as linger-spec §6.3.
/// </summary>
internal sealed class IqTensorOpExport : IExportHandler
{
    public CapturedOp Capture(ExportCapture capture, nn.Module module, object call)
        => call is BinaryCall b ? Binary(capture, module, b) : Unary(capture, module, (UnaryCall)call);

    private static CapturedOp Make(ExportCapture capture, nn.Module module, string opType, IReadOnlyList<CapturedInput> inputs, Tensor output, Pow2Scale so,
        IReadOnlyList<CapturedInitializer>? constants = null) => new()
    {
        ModulePath = capture.PathOf(module),
        ModuleType = module.GetType().Name,
        OpType = opType,
        Domain = ThinkerDialect.Domain,
        Inputs = inputs,
        Outputs = [CapturedOutput.Of(output, OnnxDataTypes.Int8, so)],
        Initializers = constants ?? [],
    };

    private static CapturedOp Binary(ExportCapture capture, nn.Module module, BinaryCall c)
    {
        string opType = module switch
        {
            Mul => OpTypes.IqMul,
            Sub => OpTypes.IqSub,
            Div => OpTypes.IqDiv,
            Nn.Max => OpTypes.IqMax,
            _ => throw new InvalidOperationException(module.GetType().Name),
        };
        var op = Make(capture, module, opType, [new CapturedInput(c.X, InputRule.Int8, c.ScaleX), new CapturedInput(c.Y, InputRule.Int8, c.ScaleY)], c.Output, c.ScaleO);
        Scales(op, c.ScaleX, c.ScaleY, c.ScaleO);
        return op;
    }

    private static CapturedOp Unary(ExportCapture capture, nn.Module module, UnaryCall c)
    {
        var x = new CapturedInput(c.X, InputRule.Int8, c.ScaleX);
        CapturedOp op;
        switch (module)
        {
            case MulScalar m:
                op = Make(capture, module, OpTypes.IqMul, [x], c.Output, c.ScaleO, [new CapturedInitializer("y", OnnxDataTypes.Int8, [], new[] { m.QuantizedFactor })]);
                Scales(op, c.ScaleX, m.FactorScale, c.ScaleO);
                return op;
            case AddScalar a:
                var constant = Enumerable.Repeat(a.QuantizedValue(c.ScaleO), (int)c.X.numel()).ToArray();
                op = Make(capture, module, OpTypes.IqAdd, [x], c.Output, c.ScaleO, [new CapturedInitializer("y", OnnxDataTypes.Int8, c.X.shape, constant)]);
                Scales(op, c.ScaleX, c.ScaleO, c.ScaleO);
                op.Attributes[AttributeNames.Mode] = AttributeValues.NonT710Mode;
                return op;
            case Nn.Clamp cl:
                op = Make(capture, module, OpTypes.IqClamp, [x], c.Output, c.ScaleO);
                op.Attributes[AttributeNames.Min] = (float)cl.Min;
                op.Attributes[AttributeNames.Max] = (float)cl.Max;
                break;
            case Sum s:
                op = Make(capture, module, OpTypes.IqSum, [x], c.Output, c.ScaleO);
                op.Attributes[AttributeNames.Dims] = s.Dims;
                op.Attributes["keepdim"] = s.KeepDim ? 1L : 0L;
                break;
            case Var v:
                op = Make(capture, module, OpTypes.IqVar, [x], c.Output, c.ScaleO);
                op.Attributes[AttributeNames.Dim] = v.Dim;
                op.Attributes[AttributeNames.Unbiased] = v.Unbiased ? 1L : 0L;
                op.Attributes["keepdim"] = v.KeepDim ? 1L : 0L;
                op.Attributes[AttributeNames.CastorMode] = AttributeValues.CastorModeLuna;
                break;
            default:
                throw new InvalidOperationException(module.GetType().Name);
        }
        op.Attributes[AttributeNames.ScaleX] = c.ScaleX.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = c.ScaleO.FloatValue;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        return op;
    }

    private static void Scales(CapturedOp op, Pow2Scale sx, Pow2Scale sy, Pow2Scale so)
    {
        op.Attributes[AttributeNames.ScaleX] = sx.FloatValue;
        op.Attributes[AttributeNames.ScaleY] = sy.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = so.FloatValue;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
    }
}
