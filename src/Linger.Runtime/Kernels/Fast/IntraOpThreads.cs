namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// How many threads a fast kernel may split one op over, for the run on the current thread
/// (<see cref="RunOptions.Threads"/>; set and reset by the runtime around each run). Kernels split work
/// into disjoint output ranges computed exactly as in one thread, so results never depend on it.
/// </summary>
internal static class IntraOpThreads
{
    [ThreadStatic] private static int _threads;

    /// <summary>The thread count for the current run; 1 (no splitting) unless a run asked for more.</summary>
    public static int Current
    {
        get => _threads < 1 ? 1 : _threads;
        set => _threads = value;
    }
}
