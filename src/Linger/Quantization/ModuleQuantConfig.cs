namespace LingerNet.Quantization;

/// <summary>Bit widths of one quantized module (linger's <c>quant_module</c> per-module override).</summary>
/// <param name="DataBits">Input activation bits.</param>
/// <param name="ParameterBits">Weight bits.</param>
/// <param name="OutBits">Output bits, or null for a float output.</param>
public sealed record ModuleQuantConfig(int DataBits, int ParameterBits, int? OutBits)
{
    /// <summary>The configuration the global options give a module.</summary>
    public static ModuleQuantConfig From(LingerOptions o) => new(o.DataBits, o.ParameterBits, o.OutBits);
}
