using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary><c>x.squeeze(dim)</c> (or all size-1 dims when dim is null): exported as a standard Reshape to the output shape.</summary>
public sealed class Squeeze : ShapeOp
{
    /// <summary>Creates the op.</summary>
    public Squeeze(long? dim = null, string name = "squeeze") : base(name) => Dim = dim;

    /// <summary>The squeezed dim, or null for every size-1 dim.</summary>
    public long? Dim { get; }

    private protected override Tensor Apply(Tensor x) => Dim is long d ? x.squeeze(d) : x.squeeze();

    internal override Export.Handlers.MovementNode Describe(Tensor input, Tensor output) => Export.Handlers.MovementNode.Reshape(output.shape);
}
