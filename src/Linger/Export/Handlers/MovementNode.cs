using LingerNet.Numerics.Dialect;

namespace LingerNet.Export.Handlers;

/// <summary>The node a <see cref="Nn.ShapeOp"/> exports: op type, domain, attributes and constant inputs.</summary>
internal sealed record MovementNode(string OpType, Dictionary<string, object> Attributes, IReadOnlyList<CapturedInitializer> Constants, string Domain = ThinkerDialect.StandardDomain)
{
    /// <summary>A standard Reshape to <paramref name="shape"/>.</summary>
    public static MovementNode Reshape(long[] shape) => new(OpTypes.Reshape, new(), [CapturedInitializers.Int64("shape", shape)]);
}
