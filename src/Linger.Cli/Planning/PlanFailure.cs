namespace LingerNet.Cli.Planning;

/// <summary>Why a plan does not fit a memory: by how much, and the tensor at which the memory runs out.</summary>
/// <param name="Memory">The memory that overflows.</param>
/// <param name="OverBytes">Needed minus capacity.</param>
/// <param name="Tensor">The tensor being allocated when the live bytes first exceed the capacity (or the largest one live at the peak).</param>
/// <param name="Step">That step.</param>
/// <param name="Node">The node of that step.</param>
/// <param name="Live">The buffers live at that step, largest first.</param>
internal sealed record PlanFailure(MemoryKind Memory, long OverBytes, string Tensor, int Step, string Node, IReadOnlyList<PlannedTensor> Live);
