using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary><c>x.unsqueeze(dim)</c>: exported as a standard Reshape to the output shape.</summary>
public sealed class Unsqueeze : ShapeOp
{
    /// <summary>Creates the op.</summary>
    public Unsqueeze(long dim, string name = "unsqueeze") : base(name) => Dim = dim;

    /// <summary>Where the size-1 dim is inserted.</summary>
    public long Dim { get; }

    private protected override Tensor Apply(Tensor x) => x.unsqueeze(Dim);

    internal override Export.Handlers.MovementNode Describe(Tensor input, Tensor output) => Export.Handlers.MovementNode.Reshape(output.shape);
}
