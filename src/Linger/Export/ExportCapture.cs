using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>
/// The recorder of an export forward. While <see cref="Current"/> is set (only inside
/// <see cref="LingerNet.Linger.Export(nn.Module{Tensor, Tensor}, Tensor, string, ExportOptions?)"/>, on the exporting thread), every
/// quantized module's eval path reports its call here (<see cref="Record"/>) with the integers it used;
/// the op's export handler (<see cref="ExportHandlers"/>) turns the call into a <see cref="CapturedOp"/>.
/// Everything needed later (integer weights, shapes) is copied out at record time, because intermediate
/// tensors may be disposed by the time the graph is built.
/// </summary>
internal sealed class ExportCapture
{
    [ThreadStatic] private static ExportCapture? t_current;

    private readonly Dictionary<nn.Module, string> _paths;

    /// <summary>Creates a recorder; <paramref name="paths"/> maps module objects to their paths in the exported model.</summary>
    public ExportCapture(Dictionary<nn.Module, string> paths, ExportOptions options)
    {
        _paths = paths;
        Options = options;
    }

    /// <summary>The recorder of the export running on this thread, or null (normal forwards).</summary>
    public static ExportCapture? Current => t_current;

    /// <summary>The export's options (target, names).</summary>
    public ExportOptions Options { get; }

    /// <summary>The recorded calls, in execution (hence topological) order.</summary>
    public List<CapturedOp> Ops { get; } = new();

    /// <summary>Modules that recorded a call (so the leaf recorder knows which leaves Linger saw).</summary>
    public HashSet<nn.Module> Recorded { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Makes <paramref name="capture"/> current on this thread until the returned scope is disposed.</summary>
    public static IDisposable Begin(ExportCapture capture)
    {
        var previous = t_current;
        t_current = capture;
        return new Restore(previous);
    }

    /// <summary>The path of a module in the exported model.</summary>
    public string PathOf(nn.Module m) => _paths.TryGetValue(m, out var p) && p.Length > 0 ? p : m.GetName();

    /// <summary>Copy every op output's values at record time (for <c>Linger.DumpEval</c>).</summary>
    public bool KeepValues { get; init; }

    /// <summary>Records one eval call of <paramref name="module"/>; <paramref name="call"/> is the handler's call record.</summary>
    public void Record(nn.Module module, object call)
    {
        Recorded.Add(module);
        var op = ExportHandlers.For(module, PathOf(module)).Capture(this, module, call);
        if (KeepValues)
            op = op.WithOutputs(op.Outputs.Select(o => o with { Values = Platform.HostArrays.Floats(o.Tensor) }).ToList());
        Ops.Add(op);
    }

    private sealed class Restore(ExportCapture? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }
}
