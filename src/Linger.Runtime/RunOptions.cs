namespace LingerNet.Runtime;

/// <summary>Options of <see cref="LingerRuntime.Run(IReadOnlyDictionary{string, RuntimeTensor}, RunOptions?)"/>.</summary>
public sealed class RunOptions
{
    /// <summary>
    /// Keep every tensor the run produced (graph inputs as fed, then each node output in execution
    /// order) in <see cref="RunResult.Dump"/>, for comparison with thinker's dumps.
    /// </summary>
    public bool Dump { get; init; }
}
