namespace LingerNet.Runtime;

/// <summary>Options of <see cref="LingerRuntime.Run(IReadOnlyDictionary{string, RuntimeTensor}, RunOptions?)"/>.</summary>
public sealed class RunOptions
{
    /// <summary>
    /// Keep every tensor the run produced (graph inputs as fed, then each node output in execution
    /// order) in <see cref="RunResult.Dump"/>, for comparison with thinker's dumps.
    /// </summary>
    public bool Dump { get; init; }

    /// <summary>
    /// Time every node and return the times in <see cref="RunResult.Profile"/>, in execution order: where a
    /// run spends its time (<c>linger bench --profile</c>). Costs two timestamp reads per node.
    /// </summary>
    public bool Profile { get; init; }

    /// <summary>
    /// Refuse float inputs that hold NaN or ±Infinity with a <see cref="LingerException"/> naming the input
    /// and the first such element. Off by default: the leading Quant then computes, like the chip's
    /// <c>SAT8(floorf(x·2^q + 0.5))</c>, NaN → 0, +Inf → 127 and −Inf → −128, and the run goes on. Training
    /// agrees on ±Inf (saturated, bit-exact) but not on NaN: eval() of the quantized model propagates NaN
    /// to its outputs. Turn this on where a NaN from a sensor or a bug must not pass as a valid value.
    /// </summary>
    public bool RejectNonFinite { get; init; }

    /// <summary>
    /// How many threads one op may use (intra-op parallelism: the fast convolution kernels split their
    /// output channels). Default 1. Results are identical for any thread count: each thread computes whole
    /// output channels exactly as one thread would. Worth it for large layers; for small networks the
    /// hand-over costs more than it saves.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int Threads
    {
        get => _threads;
        init => _threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Threads must be at least 1.");
    }

    private readonly int _threads = 1;
}
