namespace LingerNet.Cli.Planning;

/// <summary>
/// The memory facts of one chip that the packer plans against (thinker-spec §3.1, §3.7): SRAM and PSRAM sizes and
/// threshold4, the largest tensor the packer leaves in shared SRAM (bigger ones go to PSRAM).
/// </summary>
/// <param name="Name">The chip name as given to <c>--chip</c>.</param>
/// <param name="SramBytes">Shared SRAM (tpacker <c>--ramsize</c>).</param>
/// <param name="PsramBytes">PSRAM (tpacker <c>--psramsize</c>).</param>
/// <param name="ShareThresholdBytes">A tensor of more bytes than this is placed in PSRAM (tpacker <c>--threshold4</c>).</param>
internal sealed record ChipSpec(string Name, long SramBytes, long PsramBytes, long ShareThresholdBytes)
{
    /// <summary>venus (CSK60XX): 640 KB shared SRAM, 8 MiB PSRAM, threshold4 = 655360.</summary>
    public static ChipSpec Venus { get; } = new("venus", 655_360, 8L * 1024 * 1024, 655_360);

    /// <summary>The chip named <paramref name="name"/>.</summary>
    /// <exception cref="LingerException">Not a chip the planner knows.</exception>
    public static ChipSpec For(string name) => name.ToLowerInvariant() switch
    {
        "venus" => Venus,
        _ => throw new LingerException(
            $"--chip {name}: unknown chip; the planner knows 'venus' (the engine workspace sizes it uses were measured on venus only)."),
    };
}
