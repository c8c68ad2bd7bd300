using System.Globalization;

namespace LingerNet.Runtime;

/// <summary>
/// The liveness-based memory plan of a loaded model for its declared input shapes: each intermediate value
/// (a node output that is neither a graph output nor a constant) is assigned one of a few reusable buffers,
/// and values whose lifetimes do not overlap share a buffer of the same element type.
/// </summary>
public sealed class MemoryPlan
{
    internal MemoryPlan(int intermediates, long naiveBytes, IReadOnlyList<long> bufferBytes)
    {
        IntermediateCount = intermediates;
        NaiveActivationBytes = naiveBytes;
        BufferBytes = bufferBytes;
    }

    /// <summary>Number of intermediate values planned.</summary>
    public int IntermediateCount { get; }

    /// <summary>The sum of the sizes of all intermediates: what keeping every one alive costs.</summary>
    public long NaiveActivationBytes { get; }

    /// <summary>The size of each reusable buffer, in bytes.</summary>
    public IReadOnlyList<long> BufferBytes { get; }

    /// <summary>The bytes of all buffers together: the peak activation memory of a run with this plan.</summary>
    public long PeakActivationBytes => BufferBytes.Sum();

    /// <summary>"peak 12,544 B in 3 buffers for 9 intermediates (naive 40,960 B, 3.3× less)".</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string ratio = PeakActivationBytes > 0 ? string.Format(c, ", {0:0.0}× less", (double)NaiveActivationBytes / PeakActivationBytes) : "";
        return string.Format(c, "peak {0:N0} B in {1} buffers for {2} intermediates (naive {3:N0} B{4})",
            PeakActivationBytes, BufferBytes.Count, IntermediateCount, NaiveActivationBytes, ratio);
    }
}
