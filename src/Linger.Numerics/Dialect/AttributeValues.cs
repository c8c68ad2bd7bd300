namespace LingerNet.Numerics.Dialect;

/// <summary>Fixed string attribute values of the thinker dialect (linger-spec §6.1).</summary>
public static class AttributeValues
{
    /// <summary><c>platform_quant = "luna_quant"</c>: round half up (the only rounding family linger exports).</summary>
    public const string LunaQuant = "luna_quant";
    /// <summary><c>castor_mode = "luna"</c>.</summary>
    public const string CastorModeLuna = "luna";
    /// <summary><c>mode = "Non_t710_mode"</c> on iqAdd.</summary>
    public const string NonT710Mode = "Non_t710_mode";
    /// <summary><c>platform = "venus"</c>, the default target.</summary>
    public const string PlatformVenus = "venus";
    /// <summary>The default activation/weight/output bit width: 8.</summary>
    public const int DefaultBits = 8;
    /// <summary><c>gru_formula</c> value: the venus chip's GRU hidden-state update (Linger.NET attribute).</summary>
    public const string GruFormulaChip = "chip";
}
