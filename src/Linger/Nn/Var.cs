using LingerNet.Numerics;
using LingerNet.Numerics.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Variance along one dim: float until Init, then iqVar (<c>thinker::iqVar</c>, linger-spec §3.23): the exact
/// variance of the int8 values at Q(q_o), rounded half to even (linger's torch.round) and saturated, through the
/// shared <see cref="IqVariance"/> kernel; q_o from the running maximum of the variance. The venus chip computes
/// iqVar wrongly (wrong axis), so export for venus refuses it.
/// </summary>
public sealed class Var : IqUnaryOp
{
    /// <summary>Creates the op.</summary>
    public Var(long dim, bool unbiased = true, bool keepDim = false, string name = "var") : base(name)
    {
        Dim = dim;
        Unbiased = unbiased;
        KeepDim = keepDim;
    }

    /// <summary>The reduced dim.</summary>
    public long Dim { get; }

    /// <summary>Divide by n − 1 (true) or n.</summary>
    public bool Unbiased { get; }

    /// <summary>Whether the reduced dim stays as size 1.</summary>
    public bool KeepDim { get; }

    private protected override Tensor Float(Tensor x) => x.var(Dim, Unbiased, KeepDim);

    private protected override Tensor Exact(Tensor xi, Pow2Scale sx, Pow2Scale so)
    {
        var shape = xi.shape;
        int axis = (int)(Dim < 0 ? Dim + shape.Length : Dim);
        if (axis < 0 || axis >= shape.Length) throw new LingerException($"Linger.Nn.Var '{GetName()}': dim {Dim} is out of range for {IqOpMath.Shape(xi)}.");
        int outer = (int)shape[..axis].Aggregate(1L, (p, d) => p * d), inner = (int)shape[(axis + 1)..].Aggregate(1L, (p, d) => p * d);
        var x = Platform.HostArrays.As<sbyte>(xi.cpu(), ScalarType.Int8);
        var y = new sbyte[outer * inner];
        IqVariance.Apply(x, outer, (int)shape[axis], inner, sx.Exponent, so.Exponent, Unbiased, y);
        var outShape = KeepDim ? shape.Select((d, i) => i == axis ? 1L : d).ToArray() : shape.Where((_, i) => i != axis).ToArray();
        return tensor(y.Select(v => (double)v).ToArray(), dtype: ScalarType.Float64).reshape(outShape).to(xi.device);
    }
}
