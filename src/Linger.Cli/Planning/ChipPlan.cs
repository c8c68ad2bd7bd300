namespace LingerNet.Cli.Planning;

/// <summary>A chip-fit memory plan of one model (see <see cref="ChipPlanner"/>).</summary>
/// <param name="Model">The model file.</param>
/// <param name="Chip">The chip.</param>
/// <param name="Allocator">The allocation strategy that gave the smallest SRAM pool.</param>
/// <param name="Steps">Executed nodes in order.</param>
/// <param name="Tensors">Every buffer (activations, workspace, DMA buffers, parameters).</param>
/// <param name="Memories">Totals per memory: SRAM, PSRAM, flash.</param>
/// <param name="Failures">Every memory that overflows (empty when the model fits).</param>
/// <param name="Violations">Ops the chip or packer refuses or computes wrongly: (node, op, problem).</param>
/// <param name="Notes">What the plan assumed (fusions, options).</param>
internal sealed record ChipPlan(
    string Model, ChipSpec Chip, string Allocator, IReadOnlyList<PlanStep> Steps, IReadOnlyList<PlannedTensor> Tensors,
    IReadOnlyList<MemoryUsage> Memories, IReadOnlyList<PlanFailure> Failures, IReadOnlyList<(string Node, string Op, string Problem)> Violations,
    IReadOnlyList<string> Notes)
{
    /// <summary>Whether everything fits and no op breaks a limit.</summary>
    public bool Fits => Failures.Count == 0 && Violations.Count == 0;

    /// <summary>Σ MACs over the steps.</summary>
    public long TotalMacs => Steps.Sum(s => s.Macs);

    /// <summary>The totals of <paramref name="memory"/>.</summary>
    public MemoryUsage Usage(MemoryKind memory) => Memories.First(m => m.Memory == memory);
}
