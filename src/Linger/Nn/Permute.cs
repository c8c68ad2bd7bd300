using LingerNet.Numerics.Dialect;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary><c>x.permute(dims)</c>, or <c>x.transpose(a, b)</c> (see <see cref="Linger.Nn.Transpose"/>): exported as a standard Transpose.</summary>
public sealed class Permute : ShapeOp
{
    private readonly long[]? _dims;
    private readonly (long A, long B)? _swap;

    /// <summary>Creates the op permuting to <paramref name="dims"/>.</summary>
    public Permute(long[] dims, string name = "permute") : base(name) => _dims = dims;

    /// <summary>Creates the op swapping dims <paramref name="a"/> and <paramref name="b"/>.</summary>
    public Permute(long a, long b, string name = "transpose") : base(name) => _swap = (a, b);

    /// <summary>The permutation for an input of rank <paramref name="rank"/>.</summary>
    public long[] Perm(long rank)
    {
        if (_dims is not null) return _dims.Select(d => Normalize(d, rank)).ToArray();
        var p = Enumerable.Range(0, (int)rank).Select(i => (long)i).ToArray();
        long a = Normalize(_swap!.Value.A, rank), b = Normalize(_swap.Value.B, rank);
        (p[a], p[b]) = (p[b], p[a]);
        return p;
    }

    private protected override Tensor Apply(Tensor x) => x.permute(Perm(x.dim()));

    internal override Export.Handlers.MovementNode Describe(Tensor input, Tensor output)
        => new(OpTypes.Transpose, new() { ["perm"] = Perm(input.dim()) }, []);
}
