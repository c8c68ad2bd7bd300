using System.Runtime.Intrinsics.X86;

namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// The one documented global switch of the runtime's kernels: by default the fastest path the machine
/// supports runs; tests and benchmarks set <see cref="Forced"/> to compare a specific path with the
/// reference loops. Every path gives identical integers (property-tested), so the switch changes speed only.
/// The fast kernels' loops are marked <c>AggressiveOptimization</c>: a short run (verify over a test set, a
/// CLI call) would otherwise spend much of its time in tier-0 and instrumented code before tiering catches up.
/// </summary>
internal static class KernelSelection
{
    /// <summary>The fastest path this machine supports.</summary>
    public static KernelPath Best { get; } =
        AvxVnni.IsSupported ? KernelPath.AvxVnni
        : Avx2.IsSupported ? KernelPath.Avx2
        : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? KernelPath.Vector128
        : KernelPath.Reference;

    /// <summary>A path to use instead of <see cref="Best"/> (null: the best one). Not thread-safe by design: set it before running.</summary>
    public static KernelPath? Forced { get; set; }

    /// <summary>The path that runs now.</summary>
    public static KernelPath Current => Forced ?? Best;

    /// <summary>True when <paramref name="path"/> can run on this machine.</summary>
    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Reference => true,
        KernelPath.Vector128 => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
        KernelPath.Avx2 => Avx2.IsSupported,
        KernelPath.AvxVnni => AvxVnni.IsSupported,
        _ => false,
    };

    /// <summary>Every path this machine supports, the reference first.</summary>
    public static IReadOnlyList<KernelPath> Supported { get; } =
        Enum.GetValues<KernelPath>().Where(IsSupported).ToArray();
}
