namespace LingerNet.Cli.Planning;

/// <summary>One executed node of the plan (nodes the packer fuses away have no step).</summary>
/// <param name="Index">The step number.</param>
/// <param name="Node">The node name.</param>
/// <param name="OpType">The op type.</param>
/// <param name="Outputs">The buffers it writes.</param>
/// <param name="WorkspaceBytes">Scratch bytes the engine writes in this op.</param>
/// <param name="WorkspaceWhy">The rule behind <paramref name="WorkspaceBytes"/>.</param>
/// <param name="Macs">Multiply-accumulates.</param>
/// <param name="LiveSram">Bytes of SRAM buffers live at this step (activations, workspace, DMA buffers).</param>
/// <param name="LivePsram">Bytes of PSRAM activation buffers live at this step.</param>
internal sealed record PlanStep(int Index, string Node, string OpType, IReadOnlyList<string> Outputs, long WorkspaceBytes, string WorkspaceWhy, long Macs, long LiveSram, long LivePsram);
