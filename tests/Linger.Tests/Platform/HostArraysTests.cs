using LingerNet.Platform;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Platform;

/// <summary>Host read-back of tensors: views and empty tensors (which TorchSharp's own accessor refuses).</summary>
public class HostArraysTests
{
    [Fact]
    public void Of_EmptyRank4Tensor_ReturnsEmptyArray()
    {
        using var scope = NewDisposeScope();
        var empty = arange(120, dtype: ScalarType.Float32).reshape(1, 4, 5, 6).slice(1, 3, 3, 1);
        Assert.Equal([1L, 0, 5, 6], empty.shape);
        Assert.Empty(HostArrays.Of<float>(empty));
        Assert.Empty(HostArrays.Doubles(empty));
    }

    [Fact]
    public void Of_StridedViewWithOffset_ReadsTheViewInRowMajorOrder()
    {
        using var scope = NewDisposeScope();
        // Element (0, c, h, w) holds its own flat index 30c + 6h + w, so the expected values follow from the indices.
        var x = arange(120, dtype: ScalarType.Float32).reshape(1, 4, 5, 6);
        var view = x.slice(1, 1, 4, 2).slice(3, 1, 6, 2).permute(0, 2, 3, 1); // [1, 5, 3, 2], offset 31, not contiguous
        Assert.False(view.is_contiguous());
        var expected = new List<float>();
        for (int h = 0; h < 5; h++)
            for (int w = 1; w < 6; w += 2)
                for (int c = 1; c < 4; c += 2) expected.Add(30 * c + 6 * h + w);
        Assert.Equal(expected, HostArrays.Floats(view));
    }
}
