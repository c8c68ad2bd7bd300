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
    private static readonly Dictionary<Type, IExportHandler> s_handlers = new();
    private static readonly HashSet<string> s_opTypes = new(StringComparer.Ordinal);

    static ExportHandlers()
    {
        Add<Conv2dInt>(new Conv2dIntExport(), OpTypes.Conv2dInt);
        Add<Conv1dInt>(new Conv1dIntExport(), OpTypes.Conv1dInt);
        Add<ConvTranspose2dInt>(new ConvTranspose2dIntExport(), OpTypes.ConvTranspose2dInt);
        Add<ConvTranspose1dInt>(new ConvTranspose1dIntExport(), OpTypes.ConvTranspose2dInt);
        Add<EmbeddingInt>(new EmbeddingIntExport(), OpTypes.ThinkerGather);
        Add<LinearInt>(new LinearIntExport(), OpTypes.LinearInt);
        Add<GRUInt>(new RecurrentIntExport<GRUInt>(), OpTypes.GruInt, OpTypes.GruIntIs8Is64, OpTypes.GruIntIs8Is64If32, OpTypes.IqCat, OpTypes.Constant);
        Add<LSTMInt>(new RecurrentIntExport<LSTMInt>(), OpTypes.LstmInt, OpTypes.IqCat, OpTypes.Constant);
        Add<Nn.Softmax>(new SoftmaxIntExport<Nn.Softmax>(OpTypes.SoftmaxInt), OpTypes.SoftmaxInt);
        Add<Nn.LogSoftmax>(new SoftmaxIntExport<Nn.LogSoftmax>(OpTypes.LogSoftmaxInt), OpTypes.LogSoftmaxInt);
        Add<BatchNorm2dInt>(new BatchNorm2dIntExport(), OpTypes.BatchNorm2dInt);
        Add<AvgPool2dInt>(new AvgPool2dIntExport(), OpTypes.AvgPool2dInt);
        Add<Nn.Add>(new IqAddExport(), OpTypes.IqAdd);
        Add<Nn.Cat>(new IqCatExport(), OpTypes.IqCat);
        Add<LayerNormInt>(new LayerNormIntExport(), OpTypes.LayerNormInt);
        Add<Nn.Bmm>(new BmmIntExport<Nn.Bmm>(), OpTypes.BmmInt);
        Add<Nn.MatMul>(new BmmIntExport<Nn.MatMul>(), OpTypes.BmmInt);
        Add<Nn.Requant>(new RequantExport(), OpTypes.Requant);
        Add<Nn.Sigmoid>(new IqSigmoidTanhExport(), OpTypes.IqSigmoid, OpTypes.Requant);
        Add<Nn.Tanh>(new IqSigmoidTanhExport(), OpTypes.IqTanh, OpTypes.Requant);
        Add<Nn.Mul>(new IqTensorOpExport(), OpTypes.IqMul);
        Add<Nn.MulScalar>(new IqTensorOpExport(), OpTypes.IqMul);
        Add<Nn.AddScalar>(new IqTensorOpExport(), OpTypes.IqAdd);
        Add<Nn.Sub>(new IqTensorOpExport(), OpTypes.IqSub);
        Add<Nn.Div>(new IqTensorOpExport(), OpTypes.IqDiv);
        Add<Nn.Max>(new IqTensorOpExport(), OpTypes.IqMax);
        Add<Nn.Clamp>(new IqTensorOpExport(), OpTypes.IqClamp);
        Add<Nn.Sum>(new IqTensorOpExport(), OpTypes.IqSum);
        Add<Nn.Var>(new IqTensorOpExport(), OpTypes.IqVar);
        Add<Nn.Pad>(new ShapeOpExport(), OpTypes.IqPad);
        Add<Nn.ShuffleChannel>(new ShapeOpExport(), OpTypes.ShuffleChannel);
        Add<Nn.Reshape>(new ShapeOpExport(), OpTypes.Reshape);
        Add<Nn.Permute>(new ShapeOpExport(), OpTypes.Transpose);
        Add<Nn.Squeeze>(new ShapeOpExport(), OpTypes.Reshape);
        Add<Nn.Unsqueeze>(new ShapeOpExport(), OpTypes.Reshape);
        Add<Nn.Slice>(new ShapeOpExport(), OpTypes.Slice);
        Add<Nn.Select>(new ShapeOpExport(), OpTypes.Gather);
        Add<Nn.Split>(new SplitExport(), OpTypes.Split);
        Add<IqRelu>(new PassThroughExport<IqRelu>((_, _) => (OpTypes.Relu, new(), [])), OpTypes.Relu);
        Add<IqRelu6>(new PassThroughExport<IqRelu6>(Relu6), OpTypes.Clip, OpTypes.Relu);
        Add<IqReshape>(new PassThroughExport<IqReshape>((_, call) => (OpTypes.Reshape, new(), [CapturedInitializers.Int64("shape", call.Output.shape.ToArray())])), OpTypes.Reshape);
        Add<IqMaxPool2d>(new PassThroughExport<IqMaxPool2d>((m, _) => (OpTypes.MaxPool, m.NodeAttributes().Where(kv => kv.Key != AttributeNames.CeilMode).ToDictionary(), [])), OpTypes.MaxPool);
        Add<IqFlatten>(new PassThroughExport<IqFlatten>(Flatten), OpTypes.Flatten, OpTypes.Reshape);
        Add<IqIdentity>(new PassThroughExport<IqIdentity>((_, _) => (null, new(), [])));
        Add<FoldedBatchNorm>(new PassThroughExport<FoldedBatchNorm>((_, _) => (null, new(), []))); // folded into the preceding Conv2dInt
        // Every graph gets these around its integer ops.
        s_opTypes.UnionWith([OpTypes.Quant, OpTypes.Dequant, OpTypes.Identity, OpTypes.Requant]);
    }

    /// <summary>Registers the handler of <typeparamref name="TModule"/> and the op types its nodes may have.</summary>
    private static void Add<TModule>(IExportHandler handler, params string[] opTypes) where TModule : nn.Module
    {
        s_handlers.Add(typeof(TModule), handler);
        s_opTypes.UnionWith(opTypes);
    }

    /// <summary>The op types the exporter writes (for the op table).</summary>
    public static IReadOnlySet<string> OpTypesWritten => s_opTypes;

    /// <summary>The handler of <paramref name="module"/>'s type.</summary>
    /// <exception cref="LingerException">The type has no handler (an op without an ONNX form yet).</exception>
    public static IExportHandler For(nn.Module module, string path)
        => s_handlers.TryGetValue(module.GetType(), out var h) ? h
           : throw new LingerException($"Linger.Export: module '{path}' ({module.GetType().Name}) has no ONNX form yet.");

    /// <summary>
    /// linger's ReLU6Int is Clip(x, 0, max_q) with int8 bounds; when max_q = 127 (q_x ≥ 5) that is exactly Relu,
    /// which every target runs (venus cannot run Clip), so the node is a Relu then.
    /// </summary>
    private static (string?, Dictionary<string, object>, List<CapturedInitializer>) Relu6(IqRelu6 m, PassThroughCall call)
    {
        var tag = Quantization.QuantTags.Get(call.Input)
                  ?? throw new LingerException($"Linger.Export: module '{m.GetName()}' (ReLU6) received a float tensor; ReLU6 is exported on quantized data only.");
        int max = IqRelu6.UpperBound(tag.Scale.Exponent);
        if (max == 127) return (OpTypes.Relu, new(), []);
        return (OpTypes.Clip, new(), [CapturedInitializers.Int("min", tensor(0.0), 8), CapturedInitializers.Int("max", tensor((double)max), 8)]);
    }

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
