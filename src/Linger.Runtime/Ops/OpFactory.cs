using LingerNet.Numerics.Dialect;
using LingerNet.Runtime.Loading;
using Onnx;

namespace LingerNet.Runtime.Ops;

/// <summary>Creates the plan node for an ONNX node, or refuses an op this runtime does not execute.</summary>
internal static class OpFactory
{
    /// <summary>The thinker-domain ops this runtime executes.</summary>
    public static readonly IReadOnlySet<string> ThinkerOps = new HashSet<string>(StringComparer.Ordinal)
    {
        OpTypes.Quant, OpTypes.Dequant, OpTypes.Conv2dInt, OpTypes.LinearInt, OpTypes.BatchNorm2dInt,
        OpTypes.AvgPool2dInt, OpTypes.IqAdd, OpTypes.IqCat,
    };

    /// <summary>The standard-domain ops this runtime executes.</summary>
    public static readonly IReadOnlySet<string> StandardOps = new HashSet<string>(StringComparer.Ordinal)
    {
        OpTypes.Relu, OpTypes.MaxPool, OpTypes.Reshape, OpTypes.Flatten, OpTypes.Identity, OpTypes.Constant,
    };

    public static OpNode Create(NodeProto node, string where, LoadContext ctx)
    {
        bool thinker = node.Domain == ThinkerDialect.Domain;
        bool standard = node.Domain is ThinkerDialect.StandardDomain or ThinkerDialect.StandardDomainAlias;
        var a = new NodeAttributes(node, where);
        if (thinker && ThinkerOps.Contains(node.OpType))
        {
            return node.OpType switch
            {
                OpTypes.Quant => new QuantOp(node, where, a),
                OpTypes.Dequant => new DequantOp(node, where, a),
                OpTypes.Conv2dInt => new Conv2dIntOp(node, where, a, ctx),
                OpTypes.LinearInt => new LinearIntOp(node, where, a, ctx),
                OpTypes.BatchNorm2dInt => new BatchNorm2dIntOp(node, where, a, ctx),
                OpTypes.AvgPool2dInt => new AvgPool2dIntOp(node, where, a),
                OpTypes.IqAdd => new IqAddOp(node, where, a),
                _ => new IqCatOp(node, where, a),
            };
        }
        if (standard && StandardOps.Contains(node.OpType))
        {
            return node.OpType switch
            {
                OpTypes.Relu => new ReluOp(node, where),
                OpTypes.MaxPool => new MaxPoolOp(node, where, a),
                OpTypes.Reshape => new ReshapeOp(node, where, a, ctx),
                OpTypes.Flatten => new FlattenOp(node, where, a),
                OpTypes.Identity => new IdentityOp(node, where),
                _ => new ConstantOp(node, where, a, ctx),
            };
        }
        string domain = node.Domain.Length == 0 ? "the standard domain" : $"domain '{node.Domain}'";
        string hint = (ThinkerOps.Contains(node.OpType) && !thinker) ? $" (did you mean domain '{ThinkerDialect.Domain}'?)"
                    : (StandardOps.Contains(node.OpType) && !standard) ? " (it belongs to the standard domain)" : "";
        throw new LingerException(
            $"{where}: op '{node.OpType}' in {domain} is not supported by the Linger runtime{hint}. Supported: thinker::{{{string.Join(", ", ThinkerOps)}}}, {string.Join(", ", StandardOps)}.");
    }
}
