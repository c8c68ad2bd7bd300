namespace LingerNet.Runtime;

/// <summary>The outputs of one run, in graph output order, and the optional dump of every tensor.</summary>
public sealed class RunResult
{
    internal RunResult(IReadOnlyList<RunOutput> outputs, IReadOnlyList<RuntimeTensor>? dump, IReadOnlyList<NodeTiming>? profile = null)
    {
        Outputs = outputs;
        Dump = dump;
        Profile = profile;
    }

    /// <summary>The graph outputs in declaration order.</summary>
    public IReadOnlyList<RunOutput> Outputs { get; }

    /// <summary>Every tensor produced (graph inputs, then node outputs in execution order) when <see cref="RunOptions.Dump"/> was set; else null.</summary>
    public IReadOnlyList<RuntimeTensor>? Dump { get; }

    /// <summary>The time of every executed node, in execution order, when <see cref="RunOptions.Profile"/> was set; else null.</summary>
    public IReadOnlyList<NodeTiming>? Profile { get; }

    /// <summary>The output named <paramref name="name"/>.</summary>
    /// <exception cref="LingerException">No output has that name.</exception>
    public RunOutput this[string name] =>
        Outputs.FirstOrDefault(o => o.Name == name) ?? throw new LingerException($"the model has no output named '{name}'.");

    /// <summary>The dumped tensor named <paramref name="name"/>.</summary>
    /// <exception cref="LingerException">The run was not dumped, or no tensor has that name.</exception>
    public RuntimeTensor DumpOf(string name) =>
        (Dump ?? throw new LingerException("the run was not dumped: pass new RunOptions { Dump = true }."))
            .FirstOrDefault(t => t.Name == name) ?? throw new LingerException($"no tensor named '{name}' in the dump.");

    /// <summary>Writes <see cref="Dump"/> in thinker's dump text format (see <see cref="ThinkerDump.Write"/>).</summary>
    /// <exception cref="LingerException">The run was not dumped.</exception>
    public void WriteDump(string folder) =>
        ThinkerDump.Write(Dump ?? throw new LingerException("the run was not dumped: pass new RunOptions { Dump = true }."), folder);
}
