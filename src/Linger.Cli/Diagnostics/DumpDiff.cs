namespace LingerNet.Cli.Diagnostics;

/// <summary>The result of comparing two dump folders tensor by tensor, in the first folder's order.</summary>
/// <param name="A">The first folder.</param>
/// <param name="B">The second folder.</param>
/// <param name="Order">Where the tensor order came from.</param>
/// <param name="Tensors">Every tensor of the first dump, in order.</param>
/// <param name="OnlyInB">Tensors of the second dump that the first lacks.</param>
internal sealed record DumpDiff(string A, string B, string Order, IReadOnlyList<TensorComparison> Tensors, IReadOnlyList<string> OnlyInB)
{
    /// <summary>The first tensor (in order) that differs, or null when all compared tensors are equal.</summary>
    public TensorComparison? FirstDifference => Tensors.FirstOrDefault(t => t.IsDifferent);

    /// <summary>Tensors present in both dumps.</summary>
    public int Compared => Tensors.Count(t => t.Status != TensorComparison.Missing);

    /// <summary>Compared tensors that are equal.</summary>
    public int Equal => Tensors.Count(t => t.Status == TensorComparison.Equal);

    /// <summary>Compared tensors that differ.</summary>
    public int Different => Tensors.Count(t => t.IsDifferent);
}
