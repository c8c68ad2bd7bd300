namespace LingerNet.Cli.Planning;

/// <summary>Where a tensor lives on the chip (tpacker's MemType: FLASH 0, PSRAM 1, SHARE_MEM 2).</summary>
internal enum MemoryKind
{
    /// <summary>Flash: parameters only, read through DMA.</summary>
    Flash,

    /// <summary>External PSRAM (8 MB on venus).</summary>
    Psram,

    /// <summary>On-chip shared SRAM (640 KB on venus), what the NPU computes in.</summary>
    Sram,
}
