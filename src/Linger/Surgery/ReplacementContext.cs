using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Dialect.Contracts;
using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Surgery;

/// <summary>
/// What a replacement rule gets while Init plans: the module's path, its bit widths, the Init options,
/// and a place for the reasons it cannot be replaced (each names the path and what to change).
/// </summary>
internal sealed class ReplacementContext
{
    public ReplacementContext(string path, ModuleQuantConfig config, LingerOptions options)
    {
        Path = path;
        Config = config;
        Options = options;
    }

    /// <summary>The module's path in the model.</summary>
    public string Path { get; }

    /// <summary>Its bit widths.</summary>
    public ModuleQuantConfig Config { get; }

    /// <summary>Init's options.</summary>
    public LingerOptions Options { get; }

    /// <summary>Why the module cannot be replaced; empty when it can.</summary>
    public List<string> Problems { get; } = new();

    /// <summary>Adds a problem about the module: "'path' (what): message".</summary>
    public void Refuse(string what, string message) => Problems.Add($"'{Path}' ({what}): {message}");

    /// <summary>
    /// Checks the node the module would export against the op's venus rules (the same table the runtime
    /// loader uses), when <see cref="LingerOptions.CheckVenusLimits"/> is on.
    /// </summary>
    public void CheckVenus(string what, string opType, IReadOnlyDictionary<string, object> attributes, IReadOnlyList<int[]?>? inputShapes = null)
    {
        if (!Options.CheckVenusLimits) return;
        var contract = OpCatalog.Find(ThinkerDialect.Domain, opType) ?? OpCatalog.Find(ThinkerDialect.StandardDomain, opType)
                       ?? throw new InvalidOperationException($"no contract for {opType}");
        var view = new NodeView(new AttributeSet(attributes, $"'{Path}' ({what})"), inputShapes ?? []);
        foreach (var p in ContractChecks.VenusProblems(contract, view))
            Problems.Add(p.TrimEnd('.') + ". Change the layer, or pass new LingerOptions { CheckVenusLimits = false } for a generic target.");
    }

    /// <summary>
    /// Refuses an output width other than 8, 16, 32 or float (Conv2dInt/LinearInt: the CNN engine writes SAT16 or the
    /// unsaturated int32; a wide output can feed Dequant, a graph output, or — where the chip can — a Requant).
    /// </summary>
    public void RequireLayerOutputBits(string what)
    {
        if (Config.OutBits is int ob && ob is not (8 or 16 or 32))
            Refuse(what, $"output bits {ob} are not supported: use outBits 8, 16, 32, or null for a float output.");
    }

    /// <summary>Refuses an output width other than 8 or float (the widths the chip's integer ops write and the runtime runs).</summary>
    public void RequireInt8OrFloatOutput(string what)
    {
        if (Config.OutBits is int ob && ob != 8)
            Refuse(what, $"output bits {ob} are not supported for this layer yet: the runtime and the chip take 8-bit activations between ops. Use outBits 8, or null for a float output.");
    }
}
