namespace LingerNet.Numerics.Dialect.Contracts;

/// <summary>
/// Which ONNX element types a port takes or has (<see cref="OnnxDataTypes"/> codes). Many follow an
/// attribute: an input at <c>data_bits</c> is int8 or int16; a layer output is int8/16/32 by
/// <c>o_bits</c>, or float32 when <c>o_bits</c> is absent.
/// </summary>
public abstract record ElementTypeRule
{
    /// <summary>The allowed types for a node with these attributes and input types.</summary>
    public abstract int[] Allowed(AttributeSet attributes, IReadOnlyList<int> inputTypes);

    /// <summary>Text for the op table.</summary>
    public abstract string Describe();

    /// <summary>Exactly these types.</summary>
    public sealed record Fixed(int[] Types) : ElementTypeRule
    {
        /// <inheritdoc />
        public override int[] Allowed(AttributeSet attributes, IReadOnlyList<int> inputTypes) => Types;
        /// <inheritdoc />
        public override string Describe() => string.Join(" | ", Types.Select(OnnxDataTypes.Name));
    }

    /// <summary>The integer type of <c>Attribute</c> bits (default <c>Default</c>), or float32 when absent and <c>FloatWhenAbsent</c>.</summary>
    public sealed record FromBits(string Attribute, int Default, bool FloatWhenAbsent) : ElementTypeRule
    {
        /// <inheritdoc />
        public override int[] Allowed(AttributeSet attributes, IReadOnlyList<int> inputTypes)
            => FloatWhenAbsent && !attributes.Has(Attribute) ? [OnnxDataTypes.Float] : [OnnxDataTypes.IntOfBits(attributes.Bits(Attribute, Default))];
        /// <inheritdoc />
        public override string Describe() => FloatWhenAbsent ? $"int({Attribute}), float32 if absent" : $"int({Attribute}, default {Default})";
    }

    /// <summary>The type of input <c>Input</c>.</summary>
    public sealed record SameAs(int Input) : ElementTypeRule
    {
        /// <inheritdoc />
        public override int[] Allowed(AttributeSet attributes, IReadOnlyList<int> inputTypes)
            => Input < inputTypes.Count ? [inputTypes[Input]] : [];
        /// <inheritdoc />
        public override string Describe() => $"same as input {Input}";
    }

    /// <summary>Shorthand for <see cref="Fixed"/>.</summary>
    public static ElementTypeRule Of(params int[] types) => new Fixed(types);

    /// <summary>int8 only.</summary>
    public static ElementTypeRule Int8 { get; } = new Fixed([OnnxDataTypes.Int8]);

    /// <summary>int32 only.</summary>
    public static ElementTypeRule Int32 { get; } = new Fixed([OnnxDataTypes.Int32]);

    /// <summary>int64 only.</summary>
    public static ElementTypeRule Int64 { get; } = new Fixed([OnnxDataTypes.Int64]);

    /// <summary>float32 only.</summary>
    public static ElementTypeRule Float { get; } = new Fixed([OnnxDataTypes.Float]);

    /// <summary>int8 or float32 (standard data-movement ops in a thinker graph).</summary>
    public static ElementTypeRule Int8OrFloat { get; } = new Fixed([OnnxDataTypes.Int8, OnnxDataTypes.Float]);

    /// <summary>Any integer activation type or float32.</summary>
    public static ElementTypeRule AnyData { get; } = new Fixed([OnnxDataTypes.Int8, OnnxDataTypes.Int16, OnnxDataTypes.Int32, OnnxDataTypes.Float]);
}
