using LingerNet.Numerics.Dialect.Contracts;
using LingerNet.Numerics.Dialect.Ops;

namespace LingerNet.Numerics.Dialect;

/// <summary>
/// Every op of the dialect, each described once by its <see cref="OpContract"/>. Adding an op means
/// writing its contract (a file under <c>Dialect/Ops</c>) and listing it here; the runtime, the exporter,
/// <c>linger inspect</c> and <c>docs/ops.md</c> pick it up from this list.
/// </summary>
public static class OpCatalog
{
    private static readonly OpContract[] s_all =
    [
        QuantContract.Contract,
        DequantContract.Contract,
        Conv2dIntContract.Contract,
        Conv1dIntContract.Contract,
        ConvTranspose2dIntContract.Contract,
        ThinkerGatherContract.Contract,
        LinearIntContract.Contract,
        BatchNorm2dIntContract.Contract,
        AvgPool2dIntContract.Contract,
        IqAddContract.Contract,
        IqCatContract.Contract,
        LayerNormIntContract.Contract,
        BmmIntContract.Contract,
        RequantContract.Contract,
        IqSigmoidTanhContract.Sigmoid,
        IqSigmoidTanhContract.Tanh,
        IqTensorOpContracts.Mul,
        IqTensorOpContracts.Sub,
        IqTensorOpContracts.Div,
        IqTensorOpContracts.Max,
        IqTensorOpContracts.Sum,
        IqTensorOpContracts.Var,
        IqTensorOpContracts.Clamp,
        IqTensorOpContracts.Pad,
        IqTensorOpContracts.ShuffleChannel,
        SoftmaxIntContract.Softmax,
        SoftmaxIntContract.LogSoftmax,
        RecurrentIntContracts.Gru,
        RecurrentIntContracts.GruLengths,
        RecurrentIntContracts.GruLengthsH0,
        RecurrentIntContracts.Lstm,
        StandardOpContracts.Relu,
        ClipContract.Contract,
        StandardOpContracts.MaxPool,
        StandardOpContracts.Flatten,
        StandardOpContracts.Reshape,
        StandardOpContracts.Identity,
        ShapeOpContracts.Transpose,
        ShapeOpContracts.Slice,
        ShapeOpContracts.Gather,
        ShapeOpContracts.Split,
        StandardOpContracts.Constant,
    ];

    private static readonly Dictionary<(string, string), OpContract> s_byName =
        s_all.ToDictionary(c => (c.Domain, c.OpType));

    /// <summary>All op contracts, thinker ops first.</summary>
    public static IReadOnlyList<OpContract> All => s_all;

    /// <summary>
    /// The contract of <paramref name="opType"/> in <paramref name="domain"/> (<c>"ai.onnx"</c> is the standard
    /// domain), or null when the dialect has no such op.
    /// </summary>
    public static OpContract? Find(string domain, string opType)
    {
        if (domain == ThinkerDialect.StandardDomainAlias) domain = ThinkerDialect.StandardDomain;
        return s_byName.TryGetValue((domain, opType), out var c) ? c : null;
    }
}
