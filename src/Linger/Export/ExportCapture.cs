using LingerNet.Modules;
using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>
/// The recorder of an export forward. While <see cref="Current"/> is set (only inside
/// <see cref="LingerNet.Linger.Export"/>, on the exporting thread), every quantized module's eval
/// path reports its call here with the integers it used; each call becomes a <see cref="CapturedOp"/>.
/// Everything needed later (integer weights, shapes) is copied out at record time, because
/// intermediate tensors may be disposed by the time the graph is built.
/// </summary>
internal sealed class ExportCapture
{
    [ThreadStatic] private static ExportCapture? t_current;

    private readonly Dictionary<nn.Module, string> _paths;

    /// <summary>Creates a recorder; <paramref name="paths"/> maps module objects to their paths in the exported model.</summary>
    public ExportCapture(Dictionary<nn.Module, string> paths) => _paths = paths;

    /// <summary>The recorder of the export running on this thread, or null (normal forwards).</summary>
    public static ExportCapture? Current => t_current;

    /// <summary>The recorded calls, in execution (hence topological) order.</summary>
    public List<CapturedOp> Ops { get; } = new();

    /// <summary>Makes <paramref name="capture"/> current on this thread until the returned scope is disposed.</summary>
    public static IDisposable Begin(ExportCapture capture)
    {
        var previous = t_current;
        t_current = capture;
        return new Restore(previous);
    }

    /// <summary>The path of a module in the exported model.</summary>
    public string PathOf(nn.Module m) => _paths.TryGetValue(m, out var p) && p.Length > 0 ? p : m.GetName();

    /// <summary>Conv2dInt, LinearInt and BatchNorm2dInt: eval call with its integer pipeline (linger-spec §1.6).</summary>
    public void RecordLayer(QuantizedLayer layer, Tensor input, Pow2Scale sx, Tensor weight, Tensor? bias, Pow2Scale sw, Pow2Scale? so, Tensor output)
    {
        var cfg = layer.Config;
        int accExponent = sx.Exponent + sw.Exponent;
        var wq = layer.QuantizeWeight(weight, sw);
        var inits = new List<CapturedInitializer>();
        string opType;
        var attrs = new Dictionary<string, object>();
        switch (layer)
        {
            case Conv2dInt conv:
                opType = OpTypes.Conv2dInt;
                inits.Add(IntInit("weight", wq, cfg.ParameterBits));
                if (bias is not null) inits.Add(IntInit("bias", QuantizedLayer.QuantizeBias(bias, accExponent), 32));
                attrs[AttributeNames.Dilations] = conv.Dilation.ToArray();
                attrs[AttributeNames.Group] = conv.Groups;
                attrs[AttributeNames.KernelShape] = conv.KernelSize;
                attrs[AttributeNames.Pads] = Pads(conv.Padding);
                attrs[AttributeNames.Strides] = conv.Stride.ToArray();
                attrs[AttributeNames.CastorMode] = AttributeValues.CastorModeLuna;
                break;
            case LinearInt:
                opType = OpTypes.LinearInt;
                inits.Add(IntInit("weight", wq, cfg.ParameterBits));
                if (bias is not null) inits.Add(IntInit("bias", QuantizedLayer.QuantizeBias(bias, accExponent), 32));
                break;
            case BatchNorm2dInt bn:
                opType = OpTypes.BatchNorm2dInt;
                inits.Add(IntInit("weight", wq.flatten(), cfg.ParameterBits));
                var beta = bias ?? zeros_like(weight);
                inits.Add(IntInit("bias", QuantizedLayer.QuantizeBias(beta, accExponent), 32));
                inits.Add(FloatInit("running_mean", bn.RunningMean));
                inits.Add(FloatInit("running_var", bn.RunningVar));
                break;
            default:
                throw new LingerException($"Linger.Export: module '{PathOf(layer)}' ({layer.GetType().Name}) has no ONNX form yet.");
        }
        attrs[AttributeNames.ScaleX] = sx.FloatValue;
        attrs[AttributeNames.ScaleW] = sw.FloatValue;
        attrs[AttributeNames.DataBits] = (long)cfg.DataBits;
        attrs[AttributeNames.ParameterBits] = (long)cfg.ParameterBits;
        if (so is Pow2Scale o && cfg.OutBits is int ob)
        {
            attrs[AttributeNames.ScaleO] = o.FloatValue;
            attrs[AttributeNames.OBits] = (long)ob;
        }
        attrs[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        var op = new CapturedOp
        {
            ModulePath = PathOf(layer),
            ModuleType = layer.GetType().Name,
            OpType = opType,
            Domain = ThinkerDialect.Domain,
            Inputs = new[] { new CapturedInput(input, InputRule.Int8, sx, cfg.DataBits) },
            Initializers = inits,
            Output = output,
            OutputShape = output.shape,
            OutputType = cfg.OutBits is int bits ? IntType(bits) : OnnxDataTypes.Float,
            OutputScale = cfg.OutBits is null ? null : so,
        };
        foreach (var (k, v) in attrs) op.Attributes[k] = v;
        Ops.Add(op);
    }

    /// <summary>AvgPool2dInt: the output keeps the input scale (linger-spec §3.10).</summary>
    public void RecordAvgPool(AvgPool2dInt pool, Tensor input, Pow2Scale sx, Tensor output)
    {
        var op = new CapturedOp
        {
            ModulePath = PathOf(pool),
            ModuleType = pool.GetType().Name,
            OpType = OpTypes.AvgPool2dInt,
            Domain = ThinkerDialect.Domain,
            Inputs = new[] { new CapturedInput(input, InputRule.Int8, sx, pool.Config.DataBits) },
            Output = output,
            OutputShape = output.shape,
            OutputType = OnnxDataTypes.Int8,
            OutputScale = sx,
        };
        op.Attributes[AttributeNames.KernelShape] = pool.KernelSize.ToArray();
        op.Attributes[AttributeNames.Strides] = pool.Stride.ToArray();
        op.Attributes[AttributeNames.Pads] = Pads(pool.Padding);
        op.Attributes[AttributeNames.CeilMode] = 0L;
        op.Attributes[AttributeNames.DataBits] = (long)pool.Config.DataBits;
        op.Attributes[AttributeNames.ScaleX] = sx.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = sx.FloatValue;
        op.Attributes[AttributeNames.OBits] = (long)(pool.Config.OutBits ?? pool.Config.DataBits);
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        Ops.Add(op);
    }

    /// <summary>ReLU, max pooling, flatten, identity: standard ops on the input's type and scale.</summary>
    public void RecordScalePreserving(ScalePreserving module, Tensor input, Tensor output)
    {
        string? opType;
        var attrs = new Dictionary<string, object>();
        var inits = new List<CapturedInitializer>();
        switch (module)
        {
            case IqRelu:
                opType = OpTypes.Relu;
                break;
            case IqMaxPool2d mp:
                opType = OpTypes.MaxPool;
                attrs[AttributeNames.KernelShape] = mp.KernelSize.ToArray();
                attrs[AttributeNames.Strides] = mp.Stride.ToArray();
                attrs[AttributeNames.Pads] = Pads(mp.Padding);
                break;
            case IqFlatten f:
                long rank = input.dim();
                long start = f.StartDim < 0 ? f.StartDim + rank : f.StartDim;
                long end = f.EndDim < 0 ? f.EndDim + rank : f.EndDim;
                if (start == 1 && end == rank - 1)
                {
                    // ONNX Flatten(axis=1) gives [d0, d1·…·dn], which is torch's flatten(1, -1).
                    opType = OpTypes.Flatten;
                    attrs[AttributeNames.Axis] = 1L;
                }
                else
                {
                    opType = OpTypes.Reshape;
                    inits.Add(new CapturedInitializer("shape", OnnxDataTypes.Int64, new[] { (long)output.shape.Length }, output.shape.ToArray()));
                }
                break;
            case IqIdentity:
            case Constraint.FoldedBatchNorm: // folded into the preceding Conv2dInt: no node
                opType = null;
                break;
            default:
                throw new LingerException($"Linger.Export: module '{PathOf(module)}' ({module.GetType().Name}) has no ONNX form yet.");
        }
        var op = new CapturedOp
        {
            ModulePath = PathOf(module),
            ModuleType = module.GetType().Name,
            OpType = opType,
            Inputs = new[] { new CapturedInput(input, InputRule.Any) },
            Initializers = inits,
            Output = output,
            OutputShape = output.shape,
        };
        foreach (var (k, v) in attrs) op.Attributes[k] = v;
        Ops.Add(op);
    }

    /// <summary>Linger.Nn.Add in integer mode (linger-spec §3.16).</summary>
    public void RecordAdd(nn.Module module, Tensor x, Pow2Scale sx, Tensor y, Pow2Scale sy, Pow2Scale so, Tensor output)
    {
        var op = new CapturedOp
        {
            ModulePath = PathOf(module),
            ModuleType = module.GetType().FullName ?? module.GetType().Name,
            OpType = OpTypes.IqAdd,
            Domain = ThinkerDialect.Domain,
            Inputs = new[] { new CapturedInput(x, InputRule.Int8, sx), new CapturedInput(y, InputRule.Int8, sy) },
            Output = output,
            OutputShape = output.shape,
            OutputType = OnnxDataTypes.Int8,
            OutputScale = so,
        };
        op.Attributes[AttributeNames.ScaleX] = sx.FloatValue;
        op.Attributes[AttributeNames.ScaleY] = sy.FloatValue;
        op.Attributes[AttributeNames.ScaleO] = so.FloatValue;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        op.Attributes[AttributeNames.Mode] = AttributeValues.NonT710Mode;
        Ops.Add(op);
    }

    /// <summary>Linger.Nn.Cat in integer mode (linger-spec §3.21); a negative dim is written as its positive form.</summary>
    public void RecordCat(nn.Module module, Tensor[] inputs, Pow2Scale[] scales, long dim, Pow2Scale so, Tensor output)
    {
        var op = new CapturedOp
        {
            ModulePath = PathOf(module),
            ModuleType = module.GetType().FullName ?? module.GetType().Name,
            OpType = OpTypes.IqCat,
            Domain = ThinkerDialect.Domain,
            Inputs = inputs.Select((t, i) => new CapturedInput(t, InputRule.Int8, scales[i])).ToArray(),
            Output = output,
            OutputShape = output.shape,
            OutputType = OnnxDataTypes.Int8,
            OutputScale = so,
        };
        for (int i = 0; i < scales.Length; i++) op.Attributes[AttributeNames.ScaleXAt(i)] = scales[i].FloatValue;
        op.Attributes[AttributeNames.ScaleO] = so.FloatValue;
        op.Attributes[AttributeNames.Dim] = dim < 0 ? dim + output.dim() : dim;
        op.Attributes[AttributeNames.PlatformQuant] = AttributeValues.LunaQuant;
        Ops.Add(op);
    }

    /// <summary>ONNX element type holding <paramref name="bits"/>-bit integers.</summary>
    public static int IntType(int bits) => bits switch
    {
        <= 8 => OnnxDataTypes.Int8,
        <= 16 => OnnxDataTypes.Int16,
        _ => OnnxDataTypes.Int32,
    };

    private static long[] Pads(long[] padding) => new[] { padding[0], padding[1], padding[0], padding[1] };

    private static CapturedInitializer IntInit(string suffix, Tensor exactIntegers, int bits)
    {
        var values = exactIntegers.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        int type = IntType(bits);
        Array data = type switch
        {
            OnnxDataTypes.Int8 => values.Select(v => checked((sbyte)v)).ToArray(),
            OnnxDataTypes.Int16 => values.Select(v => checked((short)v)).ToArray(),
            _ => values.Select(v => checked((int)v)).ToArray(),
        };
        return new CapturedInitializer(suffix, type, exactIntegers.shape, data);
    }

    private static CapturedInitializer FloatInit(string suffix, Tensor t)
        => new(suffix, OnnxDataTypes.Float, t.shape, t.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray());

    private sealed class Restore(ExportCapture? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }
}
