using LingerNet.Quantization;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// <c>x.split(sizes, dim)</c> or <c>x.chunk(chunks, dim)</c> (see <see cref="Linger.Nn.Chunk"/>): several outputs,
/// each keeping the input's scale; exported as one standard Split node with the actual part sizes.
/// </summary>
public sealed class Split : nn.Module<Tensor, Tensor[]>, ILingerOp
{
    private readonly long[]? _sizes;
    private readonly long _chunks;

    /// <summary>Creates the op splitting into parts of <paramref name="sizes"/> along <paramref name="dim"/>.</summary>
    public Split(long[] sizes, long dim = 0, string name = "split") : base(name)
    {
        if (sizes.Length == 0 || sizes.Any(s => s < 0)) throw new LingerException($"Linger.Nn.Split '{name}': sizes [{string.Join(", ", sizes)}] must be non-negative and not empty.");
        _sizes = sizes;
        Dim = dim;
    }

    /// <summary>Creates the op splitting into <paramref name="chunks"/> near-equal parts along <paramref name="dim"/> (torch's chunk).</summary>
    public Split(long chunks, long dim, string name = "chunk") : base(name)
    {
        if (chunks < 1) throw new LingerException($"Linger.Nn.Chunk '{name}': chunks {chunks} must be ≥ 1.");
        _chunks = chunks;
        Dim = dim;
    }

    /// <summary>The split dim.</summary>
    public long Dim { get; }

    /// <inheritdoc />
    public bool IsQuantized { get; private set; }

    /// <inheritdoc />
    public void EnableQuant(ModuleQuantConfig config) => IsQuantized = true;

    /// <inheritdoc />
    public override Tensor[] forward(Tensor x)
    {
        var parts = _sizes is not null ? x.split(_sizes, Dim) : x.chunk(_chunks, Dim);
        var tag = QuantTags.Get(x);
        for (int i = 0; i < parts.Length; i++)
        {
            if (ReferenceEquals(parts[i], x)) parts[i] = x.alias();
            if (tag is not null) QuantTags.Tag(parts[i], tag);
        }
        Export.ExportCapture.Current?.Record(this, new Export.Handlers.SplitCall(x, parts));
        return parts;
    }
}
