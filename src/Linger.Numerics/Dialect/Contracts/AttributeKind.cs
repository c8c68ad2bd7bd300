namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>The ONNX attribute types the dialect uses.</summary>
public enum AttributeKind
{
    /// <summary>A float (<c>f</c>). Attributes named <c>scale_*</c> must also be positive powers of two.</summary>
    Float,
    /// <summary>An int (<c>i</c>).</summary>
    Int,
    /// <summary>A list of ints (<c>ints</c>).</summary>
    Ints,
    /// <summary>A list of floats (<c>floats</c>).</summary>
    Floats,
    /// <summary>A string (<c>s</c>).</summary>
    String,
    /// <summary>A tensor (<c>t</c>), e.g. the value of a Constant.</summary>
    Tensor,
}
