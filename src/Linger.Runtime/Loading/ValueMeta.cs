namespace LingerNet.Runtime.Loading;

/// <summary>What the planner knows about a value: element type, shape and (for integer tensors) the scale exponent.</summary>
internal sealed record ValueMeta(TensorElementType Type, int[] Shape, int? ScaleExponent)
{
    public string Describe() => $"{Type}[{RuntimeTensor.FormatShape(Shape)}]";

    public static ValueMeta Of(RuntimeTensor t) => new(t.ElementType, t.Shape, t.Scale?.Exponent);
}
