namespace LingerNet.Runtime.Ops;

/// <summary>
/// An op whose int8 output can take a following <c>Relu</c> in its own epilogue (max with 0 on the
/// requantized values, which is what the Relu node computes), so the runtime skips the Relu node and its
/// pass over memory. Only for an output nothing else reads (see <c>LingerRuntime</c>'s fusion plan).
/// </summary>
internal interface IReluFusable
{
    /// <summary>True when this node's output is int8 computed by a fast kernel that can apply the Relu.</summary>
    bool CanFuseRelu { get; }

    /// <summary>True when the output may be written over an input (an elementwise kernel reads each element before writing it).</summary>
    bool MayOverwriteInputs { get; }

    /// <summary>Like <see cref="OpNode.ExecuteInto"/> with the Relu applied; false when it cannot run into <paramref name="destination"/>.</summary>
    bool ExecuteIntoWithRelu(RuntimeTensor[] inputs, Loading.ValueMeta[] outputs, Array destination);
}
