namespace LingerNet.Runtime;

/// <summary>
/// How long one node took in a profiled run (<see cref="RunOptions.Profile"/>): wall-clock time of the
/// node's kernel, including the output buffer it writes, excluding the runtime's bookkeeping between nodes.
/// </summary>
/// <param name="Node">The node's name.</param>
/// <param name="OpType">The node's op, qualified as in <see cref="LingerRuntime.SupportedOps"/> (<c>thinker::Conv2dInt</c>).</param>
/// <param name="Microseconds">The time the node took, in microseconds.</param>
public sealed record NodeTiming(string Node, string OpType, double Microseconds);
