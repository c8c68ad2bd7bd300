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
}
