namespace LingerNet.Cli.Planning;

/// <summary>Options of <see cref="ChipPlanner.Plan"/>.</summary>
internal sealed record PlanOptions
{
    /// <summary>The chip (sizes, threshold).</summary>
    public ChipSpec Chip { get; init; } = ChipSpec.Venus;

    /// <summary>Where parameters go (tpacker: PSRAM unless <c>--memory params:…</c>).</summary>
    public MemoryKind Parameters { get; init; } = MemoryKind.Psram;

    /// <summary>Reserve tpacker's two DMA prefetch buffers in SRAM (its default <c>--dma_prefetch True</c>).</summary>
    public bool DmaPrefetch { get; init; } = true;
}
