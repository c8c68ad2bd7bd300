using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Channel shuffle (linger's channel_shuffle, linger-spec §3.26): view(N, g, C/g, ...) → transpose(1, 2) →
/// view(N, C, ...); a pure permutation, exported as <c>thinker::ShuffleChannel(groups)</c>, scale kept.
/// </summary>
public sealed class ShuffleChannel : ShapeOp
{
    /// <summary>Creates the op.</summary>
    public ShuffleChannel(long groups, string name = "shuffle") : base(name)
    {
        if (groups < 1) throw new LingerException($"Linger.Nn.ShuffleChannel '{name}': groups {groups} must be ≥ 1.");
        Groups = groups;
    }

    /// <summary>The number of groups g (dividing the channels).</summary>
    public long Groups { get; }

    private protected override Tensor Apply(Tensor x)
    {
        var s = x.shape;
        if (s.Length < 2 || s[1] % Groups != 0)
            throw new LingerException($"Linger.Nn.ShuffleChannel '{GetName()}': groups {Groups} must divide the channels of [{string.Join(", ", s)}].");
        long[] grouped = [s[0], Groups, s[1] / Groups, .. s[2..]];
        return x.reshape(grouped).transpose(1, 2).reshape(s);
    }

    internal override Export.Handlers.MovementNode Describe(Tensor input, Tensor output)
        => new(OpTypes.ShuffleChannel, new() { [AttributeNames.Groups] = Groups }, [], ThinkerDialect.Domain);
}
