namespace LingerNet.Cli.Planning;

/// <summary>
/// Assigns buffers with lifetimes to reusable blocks, two of tpacker's strategies (thinker-spec §3.9): a block is
/// shared by buffers whose lifetimes do not overlap; blocks are laid out one after another and the pool is Σ blocks.
/// </summary>
internal static class LivenessAllocator
{
    /// <summary>GreedyBySize: largest first, best-fit into an existing block whose buffers are all disjoint in time, else a new block.</summary>
    public static (long[] Blocks, int[] BlockOf) BySize(IReadOnlyList<PlannedTensor> tensors)
    {
        var blocks = new List<long>();
        var members = new List<List<int>>();
        var blockOf = new int[tensors.Count];
        foreach (int i in Enumerable.Range(0, tensors.Count).OrderByDescending(i => tensors[i].Bytes).ThenBy(i => i))
        {
            var t = tensors[i];
            int best = -1;
            for (int b = 0; b < blocks.Count; b++)
            {
                if (blocks[b] < t.Bytes) continue;
                if (members[b].Any(j => !(tensors[j].Begin > t.End || tensors[j].End < t.Begin))) continue;
                if (best < 0 || blocks[b] < blocks[best]) best = b;
            }
            if (best < 0)
            {
                best = blocks.Count;
                blocks.Add(t.Bytes);
                members.Add([]);
            }
            members[best].Add(i);
            blockOf[i] = best;
        }
        return (blocks.ToArray(), blockOf);
    }

    /// <summary>GreedyByOrder: sweep the steps; ended buffers return their block to an idle list; a new buffer takes the first (smallest) idle block big enough, else a new block.</summary>
    public static (long[] Blocks, int[] BlockOf) ByOrder(IReadOnlyList<PlannedTensor> tensors)
    {
        var blocks = new List<long>();
        var blockOf = Enumerable.Repeat(-1, tensors.Count).ToArray();
        var idle = new List<int>();
        int last = tensors.Count == 0 ? -1 : tensors.Max(t => t.End);
        for (int step = 0; step <= last; step++)
        {
            for (int i = 0; i < tensors.Count; i++)
                if (tensors[i].End == step - 1 && blockOf[i] >= 0) idle.Add(blockOf[i]);
            idle.Sort((a, b) => blocks[a] != blocks[b] ? blocks[a].CompareTo(blocks[b]) : a.CompareTo(b));
            foreach (int i in Enumerable.Range(0, tensors.Count).Where(i => tensors[i].Begin == step).OrderByDescending(i => tensors[i].Bytes))
            {
                int k = idle.FindIndex(b => blocks[b] >= tensors[i].Bytes);
                if (k >= 0)
                {
                    blockOf[i] = idle[k];
                    idle.RemoveAt(k);
                }
                else
                {
                    blockOf[i] = blocks.Count;
                    blocks.Add(tensors[i].Bytes);
                }
            }
        }
        return (blocks.ToArray(), blockOf);
    }

    /// <summary>Sets each buffer's offset to the start of its block (blocks laid out in creation order).</summary>
    public static void AssignOffsets(IReadOnlyList<PlannedTensor> tensors, long[] blocks, int[] blockOf)
    {
        var start = new long[blocks.Length];
        for (int b = 1; b < blocks.Length; b++) start[b] = start[b - 1] + blocks[b - 1];
        for (int i = 0; i < tensors.Count; i++) tensors[i].Offset = start[blockOf[i]];
    }
}
