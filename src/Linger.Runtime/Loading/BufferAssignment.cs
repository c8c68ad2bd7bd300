using LingerNet.Runtime.Ops;

namespace LingerNet.Runtime.Loading;

/// <summary>
/// Assigns the intermediate values of a plan to reusable buffers by liveness: a value lives from the node
/// that produces it to the last node that reads it (or reads a value that may share its array, such as a
/// Reshape's output); a buffer becomes free after that and is reused by a later value of the same
/// element type and length.
/// </summary>
internal sealed class BufferAssignment
{
    /// <summary>Per value slot, the buffer it lives in; −1 for values outside the plan (constants, inputs, graph outputs).</summary>
    public required int[] BufferOfSlot { get; init; }
    /// <summary>Element type and element count of each buffer.</summary>
    public required (TensorElementType Type, int Length)[] Buffers { get; init; }
    /// <summary>The summary the runtime exposes.</summary>
    public required MemoryPlan Summary { get; init; }

    /// <summary>Ops whose output is a new array, never an input's: only these hand their input's buffer back at their last read.</summary>
    internal static bool OutputsFreshArrays(OpNode op) =>
        op is Conv2dIntOp or LinearIntOp or MaxPoolOp or ReluOp or IqAddOp or QuantOp or DequantOp;

    public static BufferAssignment Build(ExecutionPlan plan, ValueMeta[][] nodeMetas)
    {
        var slots = plan.Slots;
        int n = plan.Nodes.Count;
        var isOutput = new bool[slots.Count];
        foreach (int s in slots.GraphOutputs) isOutput[s] = true;
        // A Dequant graph output also hands its int8 input to the caller (RunOutput.Int8): that array is theirs too.
        for (int o = 0; o < slots.GraphOutputs.Length; o++)
            if (slots.OutputProducers[o] is int p and >= 0 && plan.Nodes[p] is DequantOp && slots.NodeInputs[p][0] >= 0)
                isOutput[slots.NodeInputs[p][0]] = true;


        // A value lives until its last read; a graph output until the end.
        var planned = new bool[slots.Count];
        var lastUse = new int[slots.Count];
        Array.Fill(lastUse, -1);
        for (int s = 0; s < slots.Count; s++) if (isOutput[s]) lastUse[s] = n;
        for (int k = 0; k < n; k++)
        {
            foreach (int s in slots.NodeInputs[k]) if (s >= 0) lastUse[s] = Math.Max(lastUse[s], k);
            if (!OutputsFreshArrays(plan.Nodes[k])) continue;
            var outs = slots.NodeOutputs[k];
            for (int o = 0; o < outs.Length && o < nodeMetas[k].Length; o++)
                if (outs[o] >= 0 && !isOutput[outs[o]]) planned[outs[o]] = true;
        }
        // Any other op may return one of its inputs' arrays (Reshape does): its inputs then live as long as its outputs.
        for (int k = n - 1; k >= 0; k--)
        {
            if (OutputsFreshArrays(plan.Nodes[k])) continue;
            int end = -1;
            foreach (int s in slots.NodeOutputs[k]) if (s >= 0) end = Math.Max(end, lastUse[s]);
            foreach (int s in slots.NodeInputs[k]) if (s >= 0) lastUse[s] = Math.Max(lastUse[s], end);
        }

        var bufferOf = new int[slots.Count];
        Array.Fill(bufferOf, -1);
        var buffers = new List<(TensorElementType Type, int Length)>();
        var free = new List<int>();
        var releaseAt = new List<int>[n + 1];
        for (int k = 0; k <= n; k++) releaseAt[k] = [];
        long naive = 0;
        int count = 0;
        for (int k = 0; k < n; k++)
        {
            var outs = slots.NodeOutputs[k];
            for (int o = 0; o < outs.Length; o++)
            {
                int s = outs[o];
                if (s < 0 || !planned[s]) continue;
                var m = nodeMetas[k][o];
                int len = (int)RuntimeTensor.ElementCount(m.Shape);
                naive += (long)len * ElementBytes(m.Type);
                count++;
                // Only an exact fit is shared: a tensor's array has exactly its element count.
                int best = free.FindIndex(b => buffers[b].Type == m.Type && buffers[b].Length == len);
                if (best >= 0) { int b = free[best]; free.RemoveAt(best); best = b; }
                else { best = buffers.Count; buffers.Add((m.Type, len)); }
                bufferOf[s] = best;
                // Unread values die right away (after this node).
                releaseAt[Math.Max(lastUse[s], k)].Add(best);
            }
            foreach (int b in releaseAt[k]) free.Add(b);
        }
        var bytes = buffers.Select(b => (long)b.Length * ElementBytes(b.Type)).ToList();
        return new BufferAssignment { BufferOfSlot = bufferOf, Buffers = buffers.ToArray(), Summary = new MemoryPlan(count, naive, bytes) };
    }

    internal static int ElementBytes(TensorElementType t) => t switch
    {
        TensorElementType.Int8 => 1,
        TensorElementType.Int16 => 2,
        TensorElementType.Int32 or TensorElementType.Float32 => 4,
        _ => 8,
    };
}
