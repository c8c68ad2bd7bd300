namespace LingerNet.Cli.Planning;

/// <summary>One buffer of the plan: an activation (with the values that alias it), the global workspace, a DMA buffer, or a parameter.</summary>
/// <param name="Name">The buffer's name (the value that physically exists, or <c>workspace</c>, <c>dma_buffer1</c>, ...).</param>
/// <param name="Aliases">Other values stored in the same buffer (Reshape/Flatten outputs, a fused Relu's output, the removed Quant's float input).</param>
/// <param name="Kind">activation, workspace, dma or parameter.</param>
/// <param name="Memory">Where it lives.</param>
/// <param name="Bytes">Its size, ALIGN16.</param>
/// <param name="Begin">First step it is live (its producer; 0 for graph inputs and whole-graph buffers).</param>
/// <param name="End">Last step it is live.</param>
/// <param name="Producer">The node that writes it ("" for inputs, workspace, DMA buffers, parameters).</param>
internal sealed record PlannedTensor(string Name, IReadOnlyList<string> Aliases, string Kind, MemoryKind Memory, long Bytes, int Begin, int End, string Producer)
{
    /// <summary>Byte offset in its memory pool, set by the allocator (parameters: in the parameter pool).</summary>
    public long Offset { get; set; }

    /// <summary>Whether the buffer is live at step <paramref name="step"/>.</summary>
    public bool LiveAt(int step) => Begin <= step && step <= End;
}
