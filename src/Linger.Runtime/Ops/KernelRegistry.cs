using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Kernels;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>
/// The ops this runtime executes: one line per op, mapping its <see cref="OpCatalog"/> entry to the
/// plan node that reads its attributes and runs its kernel. Adding an op to the runtime means writing
/// its node class and adding its line here.
/// </summary>
internal static class KernelRegistry
{
    /// <summary>Creates the plan node of a checked ONNX node.</summary>
    public delegate OpNode Factory(NodeProto node, string where, NodeAttributes attributes, LoadContext context);

    private static readonly Dictionary<(string Domain, string OpType), Factory> s_factories = new()
    {
        [(ThinkerDialect.Domain, OpTypes.Quant)] = (n, w, a, _) => new QuantOp(n, w, a),
        [(ThinkerDialect.Domain, OpTypes.Dequant)] = (n, w, a, _) => new DequantOp(n, w, a),
        [(ThinkerDialect.Domain, OpTypes.Conv2dInt)] = (n, w, a, c) => new Conv2dIntOp(n, w, a, c),
        [(ThinkerDialect.Domain, OpTypes.Conv1dInt)] = (n, w, a, c) => new Conv1dIntOp(n, w, a, c),
        [(ThinkerDialect.Domain, OpTypes.ConvTranspose2dInt)] = (n, w, a, c) => new ConvTranspose2dIntOp(n, w, a, c),
        [(ThinkerDialect.Domain, OpTypes.ThinkerGather)] = (n, w, a, c) => new ThinkerGatherOp(n, w, a, c),
        [(ThinkerDialect.Domain, OpTypes.LinearInt)] = (n, w, a, c) => new LinearIntOp(n, w, a, c),
        [(ThinkerDialect.Domain, OpTypes.BatchNorm2dInt)] = (n, w, a, c) => new BatchNorm2dIntOp(n, w, a, c),
        [(ThinkerDialect.Domain, OpTypes.AvgPool2dInt)] = (n, w, a, _) => new AvgPool2dIntOp(n, w, a),
        [(ThinkerDialect.Domain, OpTypes.IqAdd)] = (n, w, a, _) => new IqAddOp(n, w, a),
        [(ThinkerDialect.Domain, OpTypes.IqCat)] = (n, w, a, _) => new IqCatOp(n, w, a),
        [(ThinkerDialect.Domain, OpTypes.LayerNormInt)] = (n, w, a, c) => new LayerNormIntOp(n, w, a, c),
        [(ThinkerDialect.Domain, OpTypes.BmmInt)] = (n, w, a, _) => new BmmIntOp(n, w, a),
        [(ThinkerDialect.Domain, OpTypes.Requant)] = (n, w, a, _) => new RequantOp(n, w, a),
        [(ThinkerDialect.Domain, OpTypes.IqSigmoid)] = (n, w, a, _) => new IqSigmoidTanhOp(n, w, a, sigmoid: true),
        [(ThinkerDialect.Domain, OpTypes.IqTanh)] = (n, w, a, _) => new IqSigmoidTanhOp(n, w, a, sigmoid: false),
        [(ThinkerDialect.Domain, OpTypes.IqMul)] = (n, w, a, _) => new IqMulOp(n, w, a),
        [(ThinkerDialect.Domain, OpTypes.IqSub)] = (n, w, a, _) => new IqElementwiseOp(n, w, a, IqElementwise.Sub),
        [(ThinkerDialect.Domain, OpTypes.IqDiv)] = (n, w, a, _) => new IqElementwiseOp(n, w, a, IqElementwise.Div),
        [(ThinkerDialect.Domain, OpTypes.IqMax)] = (n, w, a, _) => new IqElementwiseOp(n, w, a, IqElementwise.Max),
        [(ThinkerDialect.Domain, OpTypes.IqSum)] = (n, w, a, _) => new IqReduceOp(n, w, a, variance: false),
        [(ThinkerDialect.Domain, OpTypes.IqVar)] = (n, w, a, _) => new IqReduceOp(n, w, a, variance: true),
        [(ThinkerDialect.Domain, OpTypes.IqClamp)] = (n, w, a, _) => new IqClampOp(n, w, a),
        [(ThinkerDialect.Domain, OpTypes.IqPad)] = (n, w, a, c) => new MovementOp(n, w, a, c),
        [(ThinkerDialect.Domain, OpTypes.ShuffleChannel)] = (n, w, a, c) => new MovementOp(n, w, a, c),
        [(ThinkerDialect.StandardDomain, OpTypes.Transpose)] = (n, w, a, c) => new MovementOp(n, w, a, c),
        [(ThinkerDialect.StandardDomain, OpTypes.Slice)] = (n, w, a, c) => new MovementOp(n, w, a, c),
        [(ThinkerDialect.StandardDomain, OpTypes.Gather)] = (n, w, a, c) => new MovementOp(n, w, a, c),
        [(ThinkerDialect.StandardDomain, OpTypes.Split)] = (n, w, a, c) => new MovementOp(n, w, a, c),
        [(ThinkerDialect.Domain, OpTypes.GruInt)] = (n, w, a, c) => new RecurrentIntOp(n, w, a, c, lstm: false, lengthsAt: -1, h0At: -1, c0At: -1, weightAt: 1),
        [(ThinkerDialect.Domain, OpTypes.GruIntIs8Is64)] = (n, w, a, c) => new RecurrentIntOp(n, w, a, c, lstm: false, lengthsAt: 1, h0At: -1, c0At: -1, weightAt: 2),
        [(ThinkerDialect.Domain, OpTypes.GruIntIs8Is64If32)] = (n, w, a, c) => new RecurrentIntOp(n, w, a, c, lstm: false, lengthsAt: 1, h0At: 2, c0At: -1, weightAt: 3),
        [(ThinkerDialect.Domain, OpTypes.LstmInt)] = (n, w, a, c) => new RecurrentIntOp(n, w, a, c, lstm: true, lengthsAt: 1, h0At: 2, c0At: 3, weightAt: 4),
        [(ThinkerDialect.Domain, OpTypes.SoftmaxInt)] = (n, w, a, _) => new SoftmaxIntOp(n, w, a, log: false),
        [(ThinkerDialect.Domain, OpTypes.LogSoftmaxInt)] = (n, w, a, _) => new SoftmaxIntOp(n, w, a, log: true),
        [(ThinkerDialect.StandardDomain, OpTypes.Relu)] = (n, w, _, _) => new ReluOp(n, w),
        [(ThinkerDialect.StandardDomain, OpTypes.Clip)] = (n, w, _, c) => new ClipOp(n, w, c),
        [(ThinkerDialect.StandardDomain, OpTypes.MaxPool)] = (n, w, a, _) => new MaxPoolOp(n, w, a),
        [(ThinkerDialect.StandardDomain, OpTypes.Reshape)] = (n, w, a, c) => new ReshapeOp(n, w, a, c),
        [(ThinkerDialect.StandardDomain, OpTypes.Flatten)] = (n, w, a, _) => new FlattenOp(n, w, a),
        [(ThinkerDialect.StandardDomain, OpTypes.Identity)] = (n, w, _, _) => new IdentityOp(n, w),
        [(ThinkerDialect.StandardDomain, OpTypes.Constant)] = (n, w, a, c) => new ConstantOp(n, w, a, c),
    };

    /// <summary>Whether the runtime executes <paramref name="opType"/> of <paramref name="domain"/>.</summary>
    public static bool Supports(string domain, string opType)
        => s_factories.ContainsKey((domain == ThinkerDialect.StandardDomainAlias ? ThinkerDialect.StandardDomain : domain, opType));

    /// <summary>The supported ops, qualified (<c>thinker::Conv2dInt</c>, <c>Relu</c>).</summary>
    public static IEnumerable<string> SupportedNames => s_factories.Keys.Select(k => k.Domain.Length == 0 ? k.OpType : k.Domain + "::" + k.OpType).Order(StringComparer.Ordinal);

    /// <summary>The factory of an op, or null.</summary>
    public static Factory? Find(string domain, string opType)
        => s_factories.TryGetValue((domain == ThinkerDialect.StandardDomainAlias ? ThinkerDialect.StandardDomain : domain, opType), out var f) ? f : null;
}
