namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>
/// What shape inference and the venus limits see of a node: its attributes, the shapes of its inputs
/// (null for an omitted optional input, or when unknown, as at Init before any data has flowed) and
/// the values of constant integer inputs (Reshape's shape).
/// </summary>
public sealed class NodeView
{
    private readonly Func<int, long[]?> _constant;

    /// <summary>Creates a view.</summary>
    public NodeView(AttributeSet attributes, IReadOnlyList<int[]?> inputShapes, Func<int, long[]?>? constantValue = null, IReadOnlyList<int>? inputTypes = null)
    {
        Attributes = attributes;
        InputShapes = inputShapes;
        InputTypes = inputTypes ?? [];
        _constant = constantValue ?? (_ => null);
    }

    /// <summary>The input element types (<see cref="OnnxDataTypes"/>), by input index; −1 or missing when omitted or unknown.</summary>
    public IReadOnlyList<int> InputTypes { get; }

    /// <summary>The element type of input <paramref name="index"/>, or −1 when unknown.</summary>
    public int Type(int index) => index < InputTypes.Count ? InputTypes[index] : -1;

    /// <summary>The node's attributes.</summary>
    public AttributeSet Attributes { get; }

    /// <summary>The input shapes, by input index; null when omitted or unknown.</summary>
    public IReadOnlyList<int[]?> InputShapes { get; }

    /// <summary>Where the node is, for messages.</summary>
    public string Where => Attributes.Where;

    /// <summary>The shape of input <paramref name="index"/>, or null when omitted or unknown.</summary>
    public int[]? Shape(int index) => index < InputShapes.Count ? InputShapes[index] : null;

    /// <summary>The shape of a required input whose shape must be known (shape inference).</summary>
    public int[] RequireShape(int index) => Shape(index) ?? throw new LingerException($"{Where}: input {index} has no known shape.");

    /// <summary>The values of a constant integer input, or null.</summary>
    public long[]? ConstantValue(int index) => _constant(index);

    /// <summary>Throws a <see cref="LingerException"/> at this node.</summary>
    public LingerException Fail(string message) => new($"{Where}: {message}");
}
