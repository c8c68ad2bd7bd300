using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Data;

/// <summary>
/// A labelled image set held in memory as two tensors: images <c>[N, C, H, W]</c> float32 and labels
/// <c>[N]</c> int64. The tensors live outside any dispose scope until <see cref="Dispose"/>; the
/// tensors returned by <see cref="Batch"/> and <see cref="Slice"/> belong to the caller's scope.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    /// <summary>Creates a data set and takes ownership of both tensors.</summary>
    /// <param name="images">Float32 images, <c>[N, C, H, W]</c>.</param>
    /// <param name="labels">Int64 class indices, <c>[N]</c>.</param>
    /// <param name="name">A name for messages, e.g. "train".</param>
    /// <exception cref="ArgumentException">The shapes or types do not fit together.</exception>
    public ImageDataset(Tensor images, Tensor labels, string name)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.dim() != 4 || images.dtype != ScalarType.Float32)
            throw new ArgumentException($"images must be float32 [N, C, H, W], got {images.dtype} [{string.Join(", ", images.shape)}]", nameof(images));
        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64 || labels.shape[0] != images.shape[0])
            throw new ArgumentException($"labels must be int64 [{images.shape[0]}], got {labels.dtype} [{string.Join(", ", labels.shape)}]", nameof(labels));
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        Name = name;
    }

    /// <summary>All images, float32 <c>[N, C, H, W]</c>.</summary>
    public Tensor Images { get; }

    /// <summary>All labels, int64 <c>[N]</c>.</summary>
    public Tensor Labels { get; }

    /// <summary>The name given at construction (e.g. "train", "test").</summary>
    public string Name { get; }

    /// <summary>The number of samples N.</summary>
    public int Count => (int)Images.shape[0];

    /// <summary>Gathers the samples at <paramref name="indices"/> into new tensors.</summary>
    /// <param name="indices">Sample indices in [0, N).</param>
    /// <returns>Images <c>[B, C, H, W]</c> and labels <c>[B]</c>, created in the caller's dispose scope.</returns>
    public (Tensor Images, Tensor Labels) Batch(long[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        using var idx = torch.tensor(indices, ScalarType.Int64);
        return (Images.index_select(0L, idx), Labels.index_select(0L, idx));
    }

    /// <summary>A contiguous range of samples (views, not copies).</summary>
    /// <param name="start">First sample.</param>
    /// <param name="length">Number of samples (clipped at the end of the set).</param>
    /// <returns>Images and labels of the range, created in the caller's dispose scope.</returns>
    public (Tensor Images, Tensor Labels) Slice(long start, long length)
    {
        long len = Math.Min(length, Count - start);
        return (Images.narrow(0L, start, len), Labels.narrow(0L, start, len));
    }

    /// <summary>Frees both tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
