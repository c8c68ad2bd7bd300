using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary><c>x.reshape(shape)</c> / <c>x.view(shape)</c> (−1 inferred): exported as a standard Reshape to the actual output shape.</summary>
public sealed class Reshape : ShapeOp
{
    /// <summary>Creates the op.</summary>
    public Reshape(long[] shape, string name = "reshape") : base(name) => Shape = shape;

    /// <summary>The target shape.</summary>
    public long[] Shape { get; }

    private protected override Tensor Apply(Tensor x) => x.reshape(Shape);

    internal override Export.Handlers.MovementNode Describe(Tensor input, Tensor output) => Export.Handlers.MovementNode.Reshape(output.shape);
}
