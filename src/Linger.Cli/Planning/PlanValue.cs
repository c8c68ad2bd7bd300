namespace LingerNet.Cli.Planning;

/// <summary>One value of the graph as the planner needs it.</summary>
/// <param name="Name">The value name.</param>
/// <param name="Shape">The shape (symbolic dimensions as 1).</param>
/// <param name="ElementBytes">Bytes per element (1 int8, 2 int16, 4 int32/float32, 8 int64).</param>
/// <param name="IsConstant">A parameter or a constant (initializer, Constant node output): never planned with the activations.</param>
/// <param name="ScaleExponent">The Q exponent of an integer tensor, when the graph defines one.</param>
internal sealed record PlanValue(string Name, int[] Shape, int ElementBytes, bool IsConstant, int? ScaleExponent)
{
    /// <summary>Π shape.</summary>
    public long Elements => Shape.Aggregate(1L, (p, d) => p * d);

    /// <summary>Unpadded bytes: elements × element size.</summary>
    public long RawBytes => Elements * ElementBytes;
}
