namespace LingerNet.Numerics.Dialect;

/// <summary>
/// Model-level facts of the thinker ONNX dialect (linger-spec §6.1): custom ops live in the
/// <c>thinker</c> domain (opset import version 1) next to the standard domain at opset 12.
/// The exporter writes these values and the runtime checks them; neither spells them out itself.
/// </summary>
public static class ThinkerDialect
{
    /// <summary>The ONNX domain of every custom linger op: <c>"thinker"</c>.</summary>
    public const string Domain = "thinker";

    /// <summary>The opset import version declared for <see cref="Domain"/>: 1.</summary>
    public const long DomainVersion = 1;

    /// <summary>The standard ONNX domain, written as the empty string (also accepted: <c>"ai.onnx"</c>).</summary>
    public const string StandardDomain = "";

    /// <summary>The alternative spelling of the standard domain.</summary>
    public const string StandardDomainAlias = "ai.onnx";

    /// <summary>The standard-domain opset version linger exports: 12.</summary>
    public const long OpsetVersion = 12;

    /// <summary>Prefix of the model's <c>producer_name</c>: <c>"linger_" + version + "_" + original</c>.</summary>
    public const string ProducerPrefix = "linger_";

    /// <summary>
    /// Key of the model metadata entry that records the <see cref="ChipTarget"/> a file was exported for
    /// (<c>venus</c> or <c>generic</c>); the runtime checks a file against it unless told otherwise.
    /// </summary>
    public const string TargetMetadataKey = "linger.target";

    /// <summary>The metadata value of a target: <c>venus</c> or <c>generic</c>.</summary>
    public static string TargetName(ChipTarget target) => target == ChipTarget.Venus ? "venus" : "generic";

    /// <summary>Parses a metadata value written by <see cref="TargetName"/>; null when unknown.</summary>
    public static ChipTarget? ParseTarget(string? name) => name switch
    {
        "venus" => ChipTarget.Venus,
        "generic" => ChipTarget.Generic,
        _ => null,
    };
}
