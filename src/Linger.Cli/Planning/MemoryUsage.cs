namespace LingerNet.Cli.Planning;

/// <summary>The totals of one memory.</summary>
/// <param name="Memory">Which memory.</param>
/// <param name="Capacity">Its size (0 for flash: not checked).</param>
/// <param name="Parameters">Parameter bytes placed there.</param>
/// <param name="Pool">The runtime pool: Σ blocks of the chosen allocation (activations, workspace, DMA buffers).</param>
/// <param name="PeakLive">The largest sum of buffers live at one step (a lower bound of any allocation).</param>
internal sealed record MemoryUsage(MemoryKind Memory, long Capacity, long Parameters, long Pool, long PeakLive)
{
    /// <summary>Parameters + pool.</summary>
    public long Total => Parameters + Pool;

    /// <summary>Bytes over capacity (0 when it fits or the memory is not checked).</summary>
    public long Over => Capacity > 0 ? Math.Max(0, Total - Capacity) : 0;
}
